package io.neuromail.contacts.internal.imports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.neuromail.api.mail.EmailAddress;
import io.neuromail.contacts.internal.AttributeType;

/**
 * How a file is imported: its delimiter, what each column becomes, the mode, and the list and tags
 * every imported contact gets.
 *
 * @param delimiter one of {@code ,} {@code ;} or a tab
 * @param mode      {@code add} (new contacts only; existing ones are reported) or {@code upsert}
 * @param columns   one mapping per column of the header, in order
 * @param listId    a list every imported contact joins, or {@code null}
 * @param tags      tags every imported contact gets
 */
public record ImportSettings(String delimiter, String mode, List<Column> columns, String listId, List<String> tags) {

    /** Modes of an import. */
    public static final String ADD = "add";
    public static final String UPSERT = "upsert";

    /**
     * What one column becomes.
     *
     * @param index     the column's position, from 0
     * @param header    the column's header text
     * @param target    {@code email}, {@code first_name}, {@code last_name}, {@code status},
     *                  {@code attribute} or {@code ignore}
     * @param attribute the attribute name when the target is {@code attribute}
     * @param type      the attribute type: text, number, date or boolean
     */
    public record Column(int index, String header, String target, String attribute, String type) {
    }

    private static final Pattern EMAIL = Pattern.compile("e-?mail( ?address)?|mail|email_address|emailaddress");
    private static final Pattern FIRST = Pattern.compile("first ?name|first_name|firstname|given ?name|given_name|forename|vorname|prénom|prenom");
    private static final Pattern LAST = Pattern.compile("last ?name|last_name|lastname|surname|family ?name|family_name|nachname|nom");
    private static final Pattern STATUS = Pattern.compile("status|subscription ?status|subscription_status");

    /**
     * The mapping NeuroMail proposes for a header and some sample rows: well-known header names,
     * else the column whose samples are addresses becomes the email, the rest attributes typed by
     * their samples.
     */
    public static List<Column> suggest(List<String> header, List<List<String>> samples, Map<String, AttributeType> defined) {
        List<Column> out = new ArrayList<>();
        boolean email = false;
        for (int i = 0; i < header.size(); i++) {
            String raw = header.get(i) == null ? "" : header.get(i).strip();
            String h = raw.toLowerCase(Locale.ROOT);
            String target;
            if (!email && EMAIL.matcher(h).matches()) {
                target = "email";
                email = true;
            } else if (FIRST.matcher(h).matches()) {
                target = "first_name";
            } else if (LAST.matcher(h).matches()) {
                target = "last_name";
            } else if (STATUS.matcher(h).matches()) {
                target = "status";
            } else {
                target = AttributeType.NAME.matcher(raw).matches() ? "attribute" : "ignore";
            }
            out.add(new Column(i, raw, target, target.equals("attribute") ? raw : null,
                    target.equals("attribute") ? typeOf(raw, i, samples, defined).wireName() : null));
        }
        if (!email) {
            for (int i = 0; i < header.size(); i++) {
                int col = i;
                long addresses = samples.stream().filter(r -> col < r.size())
                        .filter(r -> EmailAddress.normalize(r.get(col)).isPresent()).count();
                if (addresses > 0 && addresses * 2 >= samples.size()) {
                    Column c = out.get(i);
                    out.set(i, new Column(i, c.header(), "email", null, null));
                    email = true;
                    break;
                }
            }
        }
        return out;
    }

    private static AttributeType typeOf(String name, int column, List<List<String>> samples, Map<String, AttributeType> defined) {
        AttributeType known = defined.get(name);
        if (known != null) {
            return known;
        }
        List<String> values = samples.stream().filter(r -> column < r.size()).map(r -> r.get(column)).toList();
        return AttributeType.guess(values);
    }
}
