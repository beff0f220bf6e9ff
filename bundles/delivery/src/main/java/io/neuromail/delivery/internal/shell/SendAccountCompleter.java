package io.neuromail.delivery.internal.shell;

import java.util.List;

import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

import io.neuromail.delivery.internal.OperatorSends;

/** Completes the ids of accounts that have sends. */
@Service
public class SendAccountCompleter implements Completer {

    @Reference
    private OperatorSends sends;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        return new StringsCompleter(sends.accountIds(100)).complete(session, commandLine, candidates);
    }
}
