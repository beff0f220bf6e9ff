package io.neuromail.filters.internal.builtin;

import java.lang.Character.UnicodeScript;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import io.neuromail.filter.api.ContentFilter;
import io.neuromail.filter.api.FilterService;
import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Form;
import io.neuromail.filter.api.Link;
import io.neuromail.filter.api.Location;
import io.neuromail.filter.api.Message;
import io.neuromail.filter.api.Part;
import io.neuromail.filter.api.Severity;
import io.neuromail.filters.internal.message.MessageAnalyzer;
import io.neuromail.filters.internal.text.PhraseMatcher;
import io.neuromail.filters.internal.text.RuleFile;
import io.neuromail.filters.internal.text.WeightedPhrases;

/**
 * Phishing: link text showing one domain while the link goes to another, punycode and mixed-script
 * (homograph) domains, domains a small edit away from a well-known brand ({@code etc/neuromail/filters/brands.txt}),
 * password fields and forms posting to another domain than the mail's own, and credential-harvest
 * wording together with a link. All of it is danger: together it can block the message (see {@link io.neuromail.filter.api.Kind}).
 */
@Component(service = ContentFilter.class, configurationPid = PhishingFilter.PID)
@Designate(ocd = PhishingFilter.Config.class)
@FilterService(name = "phishing", description = "Deceptive links, look-alike and homograph domains, forms, credential-harvest wording", order = 300)
public class PhishingFilter implements ContentFilter {

    static final String PID = "io.neuromail.filters.phishing";

    /** A host name as link text shows it: labels and a top-level domain of letters, an optional final dot. */
    private static final Pattern SHOWN_HOST = Pattern.compile(
            "((?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]*[\\p{L}\\p{N}])?\\.)+\\p{L}{2,})\\.?");

    /** The longest host name DNS allows, plus its final dot: longer link text is not an address. */
    private static final int MAX_HOST_CHARS = 254;

    /** Configuration PID {@value #PID}. */
    @ObjectClassDefinition(name = "NeuroMail phishing filter", description = "Deceptive links, look-alike domains, forms and credential harvesting")
    public @interface Config {
        @AttributeDefinition(name = "Brands file", description = "'<brand> <official domain>...' a line; relative to etc/. Reloaded when it changes")
        String brandsFile() default "neuromail/filters/brands.txt";

        @AttributeDefinition(name = "Deceptive link", description = "Score of a link whose text shows another domain than it opens")
        double mismatchScore() default 6.0;

        @AttributeDefinition(name = "Punycode domain", description = "Score of a link to an internationalised (xn--) domain")
        double punycodeScore() default 2.0;

        @AttributeDefinition(name = "Mixed-script domain", description = "Score of a domain mixing alphabets, e.g. Latin and Cyrillic")
        double mixedScriptScore() default 6.0;

        @AttributeDefinition(name = "Look-alike domain", description = "Score of a domain a small edit away from a brand's")
        double lookalikeScore() default 6.0;

        @AttributeDefinition(name = "Brand in a foreign domain", description = "Score of a domain carrying a brand's name that the brand does not own")
        double brandInDomainScore() default 3.0;

        @AttributeDefinition(name = "Form", description = "Score of a form that posts to the sender's own site, such as a newsletter's search or subscribe box")
        double formScore() default 0;

        @AttributeDefinition(name = "Form to another domain", description = "Score of a form that posts to another domain than the mail's links")
        double foreignFormScore() default 2.0;

        @AttributeDefinition(name = "Password field", description = "Score of a password field in the mail")
        double passwordScore() default 6.0;

        @AttributeDefinition(name = "Credential harvesting", description = "Score of credential-harvest wording in a mail with a link")
        double harvestScore() default 5.0;

        @AttributeDefinition(name = "Credential-harvest phrases")
        String[] harvestPhrases() default {"verify your account", "confirm your account", "verify your identity", "confirm your identity",
            "confirm your password", "update your password", "update your payment", "update your billing", "validate your account",
            "account has been suspended", "account will be suspended", "account has been locked", "account will be closed",
            "unusual sign-in activity", "unusual login activity", "suspicious activity on your account", "log in to restore",
            "login to restore", "re-enter your password", "enter your password", "verify your login", "confirm your details"};
    }

    private volatile Config config;
    private volatile PhraseMatcher<Boolean> harvest;
    private volatile RuleFile<Brands> brands;

    @Activate
    @Modified
    void configure(Config c) {
        this.config = c;
        this.harvest = WeightedPhrases.phraseList(List.of(c.harvestPhrases()));
        this.brands = new RuleFile<>(RuleFile.resolve(c.brandsFile()), "io/neuromail/filters/rules/brands.txt", Brands::parse);
    }

    @Override
    public List<Finding> check(Message message) {
        Config c = config;
        Brands known = brands.get();
        List<Finding> findings = new ArrayList<>();
        Set<String> hostsSeen = new HashSet<>();
        String sender = addressHost(nullToEmpty(message.email().from()));
        String senderDomain = sender.isEmpty() ? "" : Domains.registrable(sender);
        RuleScores deceptive = new RuleScores();
        for (Link link : message.links()) {
            mismatch(link, senderDomain, known, c).ifPresent(f -> findings.add(new Finding(f.ruleId(),
                    deceptive.first(f.ruleId(), f.score()), f.severity(), f.message(), f.location(), f.kind())));
            String host = Domains.lastChars(link.host());
            if (!host.isEmpty() && hostsSeen.add(host)) {
                findings.addAll(hostFindings(host, Location.link(link.url()), known, c));
            }
        }
        for (Map.Entry<Part, String> address : Map.of(Part.FROM, nullToEmpty(message.email().from()),
                Part.REPLY_TO, nullToEmpty(message.email().replyTo())).entrySet()) {
            String host = addressHost(address.getValue());
            if (!host.isEmpty()) {
                if (hostsSeen.add(host)) {
                    findings.addAll(hostFindings(host, new Location(address.getKey(), host, address.getValue()), known, c));
                }
            }
        }
        Set<String> ownDomains = ownDomains(message);
        RuleScores once = new RuleScores();
        for (Form form : message.forms()) {
            Location where = new Location(Part.HTML, null, form.action().isEmpty() ? null : form.action());
            String actionHost = form.action().isEmpty() ? "" : Domains.lastChars(MessageAnalyzer.host(form.action()));
            if (form.passwordFields() > 0) {
                findings.add(Finding.danger("phishing.password-field", once.first("phishing.password-field", c.passwordScore()), Severity.WARN, "The mail asks for a password in a form field", where));
            } else if (!actionHost.isEmpty() && !ownDomains.isEmpty() && !ownDomains.contains(Domains.registrable(actionHost))) {
                findings.add(Finding.danger("phishing.foreign-form", once.first("phishing.foreign-form", c.foreignFormScore()), Severity.INFO,
                        "A form posts to " + actionHost + ", another domain than the mail's links", where));
            } else {
                findings.add(Finding.of("phishing.form", once.first("phishing.form", c.formScore()), "The mail contains a form; many mail programs do not show forms, link to a page instead", where));
            }
        }
        if (!message.links().isEmpty()) {
            List<PhraseMatcher.Match<Boolean>> wording = harvest.findAll(message.lowerText());
            if (!wording.isEmpty()) {
                PhraseMatcher.Match<Boolean> first = wording.get(0);
                String matched = message.visibleText().substring(first.start(), first.end());
                findings.add(Finding.danger("phishing.credential-harvest", c.harvestScore(), Severity.WARN,
                        "Credential-harvest wording \u201c" + matched + "\u201d next to a link",
                        Location.body(matched, message.excerpt(first.start(), first.end()))));
            }
        }
        return findings;
    }

    /**
     * A link whose text shows another domain than it opens. A link through the sender's own domain
     * is the sender's click tracking, unless the text shows a brand's domain.
     */
    private static Optional<Finding> mismatch(Link link, String senderDomain, Brands known, Config c) {
        if (link.text().isBlank() || link.host().isEmpty()) {
            return Optional.empty();
        }
        String shown = shownHost(link.text().strip());
        if (shown == null) {
            return Optional.empty();
        }
        if (Domains.registrable(shown).equals(Domains.registrable(Domains.unicode(link.host())))
                || Domains.registrable(shown).equals(Domains.registrable(link.host()))) {
            return Optional.empty();
        }
        if (!senderDomain.isEmpty() && senderDomain.equals(Domains.registrable(link.host())) && !brandDomain(shown, known)) {
            return Optional.empty();
        }
        return Optional.of(Finding.danger("phishing.deceptive-link", c.mismatchScore(), Severity.WARN,
                "The link shows " + shown + " but opens " + link.host(), new Location(Part.LINK, link.text().strip(), link.url())));
    }

    /**
     * The host of link text that is itself an address (an optional scheme, a host name, then
     * optionally a port, path, query or fragment without spaces), or {@code null}. The host is cut
     * out by hand and only it, at most {@value #MAX_HOST_CHARS} characters, meets the expression.
     */
    static String shownHost(String text) {
        int start = text.regionMatches(true, 0, "https://", 0, 8) ? 8 : text.regionMatches(true, 0, "http://", 0, 7) ? 7 : 0;
        int end = start;
        while (end < text.length() && ":/?#".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        if (end - start > MAX_HOST_CHARS) {
            return null;
        }
        for (int i = end; i < text.length(); i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return null;
            }
        }
        Matcher m = SHOWN_HOST.matcher(text.substring(start, end));
        return m.matches() ? m.group(1).toLowerCase(Locale.ROOT) : null;
    }

    private static List<Finding> hostFindings(String host, Location where, Brands known, Config c) {
        List<Finding> findings = new ArrayList<>();
        String unicode = Domains.unicode(host);
        if (host.contains("xn--")) {
            findings.add(Finding.danger("phishing.punycode", c.punycodeScore(), Severity.INFO, "The domain " + host + " is internationalised; it reads as " + unicode, where));
        }
        if (mixedScript(unicode)) {
            findings.add(Finding.danger("phishing.mixed-script", c.mixedScriptScore(), Severity.WARN, "The domain " + unicode + " mixes alphabets, a look-alike trick", where));
        }
        String registrable = Domains.registrable(unicode);
        String name = Domains.name(unicode);
        String plain = Brands.unconfuse(name);
        for (Brands.Brand brand : known.brands()) {
            if (brand.owns(registrable)) {
                return findings;
            }
        }
        List<String> tokens = List.of(unicode.split("[.-]"));
        for (Brands.Brand brand : known.brands()) {
            // Short names differ from ordinary words by one letter too often: only swapped look-alike characters count.
            int limit = brand.name().length() <= 5 ? 0 : brand.name().length() <= 8 ? 1 : 2;
            if (!name.equals(brand.name()) && (plain.equals(brand.name()) || Brands.distance(name, brand.name(), limit) <= limit)) {
                findings.add(Finding.danger("phishing.lookalike-domain", c.lookalikeScore(), Severity.WARN,
                        "The domain " + registrable + " looks like " + brand.name() + " but is not theirs", where));
                break;
            }
            if (tokens.contains(brand.name())) {
                findings.add(Finding.danger("phishing.brand-in-domain", c.brandInDomainScore(), Severity.INFO,
                        "The domain " + registrable + " uses the name " + brand.name() + " but does not belong to it", where));
                break;
            }
        }
        return findings;
    }

    /** Whether a label of the host mixes letters of more than one script (Latin with Cyrillic or Greek, say). */
    static boolean mixedScript(String host) {
        for (String label : host.split("\\.")) {
            Set<UnicodeScript> scripts = EnumSet.noneOf(UnicodeScript.class);
            label.codePoints().filter(Character::isLetter).forEach(cp -> scripts.add(UnicodeScript.of(cp)));
            if (scripts.size() > 1) {
                return true;
            }
        }
        return false;
    }

    private static boolean brandDomain(String host, Brands known) {
        String registrable = Domains.registrable(Domains.unicode(host));
        for (Brands.Brand brand : known.brands()) {
            if (brand.owns(registrable)) {
                return true;
            }
        }
        return false;
    }

    /** The registrable domains of the mail's links, form actions aside: the brand the mail speaks for. */
    private static Set<String> ownDomains(Message message) {
        Set<String> actions = new HashSet<>();
        for (Form form : message.forms()) {
            actions.add(form.action());
        }
        Set<String> own = new HashSet<>();
        for (Link link : message.links()) {
            if (!link.host().isEmpty() && !actions.contains(link.url())) {
                own.add(Domains.registrable(Domains.lastChars(link.host())));
            }
        }
        return own;
    }

    /** The host of an address such as {@code Name <user@host>}, or {@code ""}. */
    private static String addressHost(String address) {
        int at = address.lastIndexOf('@');
        return at > 0 ? address.substring(at + 1).replaceAll("[>\\s]", "").toLowerCase(Locale.ROOT) : "";
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
