package com.example.placeholder;

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

@Component(service = ContentFilter.class)
@FilterService(name = "example-placeholder", description = "Leftover placeholder text", order = 900)
public class PlaceholderFilter implements ContentFilter {

    private static final Pattern PLACEHOLDER = Pattern.compile("lorem ipsum|\\btodo\\b|\\[(first|last) ?name\\]");

    @Override
    public List<Finding> check(Message message) {
        List<Finding> findings = new ArrayList<>();
        Matcher body = PLACEHOLDER.matcher(message.lowerText());
        if (body.find()) {
            String text = message.visibleText().substring(body.start(), body.end());
            findings.add(Finding.warn("example-placeholder.text", 1.0, "Placeholder text \u201c" + text + "\u201d was left in",
                    Location.body(text, message.excerpt(body.start(), body.end()))));
        }
        return findings;
    }
}
