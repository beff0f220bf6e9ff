package io.neuromail.filters.internal.shell;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;
import org.apache.karaf.shell.api.action.Completion;

import io.neuromail.filter.api.Email;
import io.neuromail.filter.api.ReportedFinding;
import io.neuromail.filter.api.Verdict;
import io.neuromail.filters.internal.mime.EmlReader;
import io.neuromail.filters.internal.mime.MalformedMessageException;
import io.neuromail.filters.internal.pipeline.ContentCheckService;

/**
 * {@code neuromail:check <file>}: checks a raw message (.eml), an HTML or a text file with the
 * operator's default settings.
 */
@Command(scope = "neuromail", name = "check", description = "Checks a raw message (.eml), an HTML or a plain-text file with the content filters (operator defaults) and prints the verdict")
@Service
public class CheckFileCommand implements Action {

    @Reference
    private ContentCheckService checks;

    @Argument(index = 0, name = "file", description = "The message: .eml as a raw RFC 5322 message, .html/.htm as HTML, anything else as plain text", required = true)
    @Completion(FileCompleter.class)
    private String file;

    @Option(name = "-s", aliases = "--subject", description = "The subject line (an .eml file has its own)")
    private String subject = "";

    @Override
    public Object execute() throws IOException {
        Path path = Path.of(file);
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        Verdict verdict;
        if (name.endsWith(".eml")) {
            try {
                verdict = checks.check(EmlReader.read(Files.readAllBytes(path)));
            } catch (MalformedMessageException e) {
                System.err.println(path + ": " + e.getMessage());
                return null;
            }
        } else {
            String body = Files.readString(path, StandardCharsets.UTF_8);
            boolean html = name.matches(".*\\.html?$");
            verdict = checks.check(new Email(subject, null, null, html ? body : null, html ? null : body, Map.of()));
        }
        print(verdict, System.out);
        return null;
    }

    static void print(Verdict verdict, PrintStream out) {
        out.printf(Locale.ROOT, "%s  score %.2f  (warn from %.1f, block from %.1f)%n", verdict.decision(), verdict.score(),
                verdict.warnThreshold(), verdict.blockThreshold());
        for (ReportedFinding f : verdict.findings()) {
            out.printf(Locale.ROOT, "  %-5s %6.2f  %-10s %-28s %s%n", f.finding().severity(), f.finding().score(), f.filter(),
                    f.finding().ruleId(), f.finding().message());
        }
        out.println("Filters run: " + String.join(", ", verdict.filters()));
    }
}
