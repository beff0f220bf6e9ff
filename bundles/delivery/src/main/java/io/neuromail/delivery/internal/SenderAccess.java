package io.neuromail.delivery.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Which accounts may use which sender ({@code etc/io.neuromail.delivery.senders.cfg}). Every account
 * may use the operator's default sender; any other sender only where the operator allowed it. The
 * rule holds when an account chooses its sender, when workers pick one (also by fallback), and for
 * what the account may see and test.
 */
@Component(service = SenderAccess.class, configurationPid = SenderAccess.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SenderAccess.Config.class)
public class SenderAccess {

    static final String PID = "io.neuromail.delivery.senders";
    /** Stands for every sender, or every account. */
    static final String ANY = "*";

    @ObjectClassDefinition(name = "NeuroMail sender access",
            description = "Which accounts may use which sender besides the default sender")
    public @interface Config {
        @AttributeDefinition(name = "Allowed senders",
                description = "Entries 'sender' (every account may use it), 'sender:ACCOUNT_ID+ACCOUNT_ID' (only these "
                        + "accounts) or '*' (every sender, every account); comma-separated. The default sender is "
                        + "always allowed")
        String[] allowed() default {};
    }

    /** Accounts per sender name; {@link #ANY} as a name or an account stands for all. */
    private volatile Map<String, Set<String>> allowed = Map.of();

    @Activate
    @Modified
    void configure(Config config) {
        allowed = parse(config.allowed());
    }

    /** Whether the account may use the sender called {@code sender}, given the operator's default sender. */
    public boolean allows(String accountId, String sender, String defaultSender) {
        if (sender.equals(defaultSender)) {
            return true;
        }
        Map<String, Set<String>> rules = allowed;
        for (String name : new String[] {sender, ANY}) {
            Set<String> accounts = rules.get(name);
            if (accounts != null && (accounts.contains(ANY) || accounts.contains(accountId))) {
                return true;
            }
        }
        return false;
    }

    static Map<String, Set<String>> parse(String[] values) {
        Map<String, Set<String>> rules = new HashMap<>();
        for (String value : values) {
            for (String entry : value.split(",")) {
                String e = entry.strip();
                if (e.isEmpty()) {
                    continue;
                }
                int colon = e.indexOf(':');
                String sender = colon < 0 ? e : e.substring(0, colon).strip();
                Set<String> accounts = rules.computeIfAbsent(sender, s -> new HashSet<>());
                if (colon < 0) {
                    accounts.add(ANY);
                } else {
                    for (String account : e.substring(colon + 1).split("\\+")) {
                        if (!account.isBlank()) {
                            accounts.add(account.strip());
                        }
                    }
                }
            }
        }
        return rules;
    }
}
