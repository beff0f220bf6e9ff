package io.neuromail.delivery.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes the actions of {@code neuromail:sends}. */
@Service
public class SendActionCompleter implements Completer {

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(List.of("list", "pause", "resume", "cancel")).complete(session, commandLine, candidates);
    }
}
