package io.neuromail.examples.filter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.osgi.service.component.annotations.Component;

import io.neuromail.filter.api.ContentFilter;
import io.neuromail.filter.api.FilterService;
import io.neuromail.filter.api.Finding;
import io.neuromail.filter.api.Location;
import io.neuromail.filter.api.Message;

/**
 * Finds text that was never meant to be sent: "lorem ipsum" filler, TODO and TBD markers, and
 * merge tags nobody filled in such as {@code [First Name]}. A complete content filter in one class.
 */
@Component(service = ContentFilter.class)
@FilterService(name = "example-placeholder", description = "Leftover placeholder text: lorem ipsum, TODO, [First Name]", order = 900)
public class PlaceholderFilter implements ContentFilter {

    private static final Pattern PLACEHOLDER = Pattern.compile(
            "lorem ipsum|\\btodo\\b|\\btbd\\b|\\[(first|last) ?name\\]|\\[company\\]|xxx-xxx");

    @Override
    public List<Finding> check(Message message) {
        List<Finding> findings = new ArrayList<>();
        Matcher subject = PLACEHOLDER.matcher(message.lowerSubject());
        if (subject.find()) {
            String text = message.subject().substring(subject.start(), subject.end());
            findings.add(Finding.warn("example-placeholder.subject", 1.0, "Placeholder text \u201c" + text + "\u201d in the subject", Location.subject(text)));
        }
        Matcher body = PLACEHOLDER.matcher(message.lowerText());
        if (body.find()) {
            String text = message.visibleText().substring(body.start(), body.end());
            findings.add(Finding.warn("example-placeholder.text", 1.0, "Placeholder text \u201c" + text + "\u201d was left in the message",
                    Location.body(text, message.excerpt(body.start(), body.end()))));
        }
        return findings;
    }
}
