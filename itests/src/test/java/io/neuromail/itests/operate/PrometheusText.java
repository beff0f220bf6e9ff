package io.neuromail.itests.operate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format (version 0.0.4): every line is a comment, a
 * {@code # HELP}/{@code # TYPE} line or a sample {@code name{label="value",...} value}; anything else
 * fails the read.
 */
final class PrometheusText {

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern TYPE = Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped|info|stateset|gaugehistogram|unknown)");

    final List<Sample> samples = new ArrayList<>();
    final Map<String, String> types = new LinkedHashMap<>();

    static PrometheusText parse(String text) {
        PrometheusText out = new PrometheusText();
        int lineNo = 0;
        for (String line : text.split("\n", -1)) {
            lineNo++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#")) {
                Matcher type = TYPE.matcher(line);
                if (type.matches()) {
                    out.types.put(type.group(1), type.group(2));
                } else if (line.startsWith("# TYPE")) {
                    throw new IllegalArgumentException("line " + lineNo + " is not a TYPE line: " + line);
                }
                continue;
            }
            out.samples.add(sample(line, lineNo));
        }
        return out;
    }

    private static Sample sample(String line, int lineNo) {
        Matcher name = NAME.matcher(line);
        if (!name.lookingAt()) {
            throw new IllegalArgumentException("line " + lineNo + " has no metric name: " + line);
        }
        int i = name.end();
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf("=\"", i);
                if (eq < 0) {
                    throw new IllegalArgumentException("line " + lineNo + " has a bad label: " + line);
                }
                String label = line.substring(i, eq);
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        String[] rest = line.substring(i).trim().split(" ");
        if (rest.length < 1 || rest.length > 2) {
            throw new IllegalArgumentException("line " + lineNo + " has no value: " + line);
        }
        double value = switch (rest[0]) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(rest[0]);
        };
        return new Sample(name.group(), labels, value);
    }

    /** The sum of the samples called {@code name} whose labels include {@code labels}. */
    double sum(String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    /** Whether a sample called {@code name} exists. */
    boolean has(String name) {
        return samples.stream().anyMatch(s -> s.name().equals(name));
    }
}
