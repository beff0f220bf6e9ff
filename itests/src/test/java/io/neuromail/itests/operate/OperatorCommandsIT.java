package io.neuromail.itests.operate;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.inject.Inject;

import org.apache.karaf.shell.api.console.Command;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.api.console.SessionFactory;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerSuite;

import io.neuromail.itests.support.Api;
import io.neuromail.itests.support.Console;
import io.neuromail.itests.support.NeuroMailTestSupport;
import io.neuromail.itests.support.Poll;

/**
 * The operator's Karaf shell commands {@code neuromail:accounts}, {@code neuromail:sends},
 * {@code neuromail:senders} and {@code neuromail:health}, with their completion.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerSuite.class)
public class OperatorCommandsIT extends NeuroMailTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(120);

    @Inject
    private SessionFactory sessionFactory;

    private String run(String command) throws Exception {
        return Console.run(sessionFactory, command);
    }

    /** The command once the shell has it (commands register about a second after their bundle starts). */
    private String await(String command, String expected) {
        return Poll.until(command, WAIT, () -> {
            try {
                return run(command);
            } catch (Exception e) {
                return "failed: " + e;
            }
        }, s -> s.contains(expected));
    }

    @Test
    public void accountsListsANewAccountWithItsOwner() {
        Api.anonymous().signup("owner-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@example.com",
                Api.PASSWORD).expect(202);
        String listing = await("neuromail:accounts --limit 1000", "Owner");
        assertTrue(listing, listing.contains("Confirmed"));
        String email = Api.uniqueEmail();
        Api.anonymous().signup(email, Api.PASSWORD).expect(202);
        String after = await("neuromail:accounts --limit 1000", email);
        assertTrue(after, after.contains(email));
    }

    @Test
    public void sendersMarksTheDefault() {
        String listing = await("neuromail:senders", "outbox");
        String line = listing.lines().filter(l -> l.trim().startsWith("outbox")).findFirst().orElse("");
        assertTrue(listing, line.contains("yes"));
        assertTrue(listing, listing.contains("Max/s"));
    }

    @Test
    public void healthSaysUpAndListsEverythingOnRequest() {
        String up = await("neuromail:health", "UP");
        assertTrue(up, up.startsWith("UP"));
        String all = await("neuromail:health --all", "io.neuromail.delivery");
        assertTrue(all, all.contains("io.neuromail.metrics"));
    }

    @Test
    public void sendsArePausedResumedAndCancelledByIdWithTheApisRules() throws Exception {
        Api api = Api.signedUp();
        List<Map<String, Object>> recipients = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            recipients.add(Map.of("email", "shell" + i + "@example.org"));
        }
        String sendId = api.post("/api/v1/sends", Map.of("from", "news@example.com", "subject", "Shell", "text", "Hello",
                "recipients", recipients)).expect(201).json().get("id").asText();
        String listing = await("neuromail:sends --limit 500", sendId);
        assertTrue(listing, listing.lines().anyMatch(l -> l.contains(sendId) && l.contains("Shell")));

        String paused = run("neuromail:sends pause " + sendId);
        assertTrue(paused, paused.contains("is paused"));
        assertEquals("paused", api.get("/api/v1/sends/" + sendId).expect(200).json().get("state").asText());
        String again = run("neuromail:sends pause " + sendId);
        assertTrue(again, again.contains("Not done") && again.contains("cannot pause"));

        assertTrue(completions("neuromail:sends", "pause ").contains(sendId));
        assertTrue(completions("neuromail:sends", "").containsAll(List.of("pause", "resume", "cancel")));

        String resumed = run("neuromail:sends resume " + sendId);
        assertTrue(resumed, resumed.contains("is running") || resumed.contains("is finished"));
        String cancelled = run("neuromail:sends cancel " + sendId);
        String state = api.get("/api/v1/sends/" + sendId).expect(200).json().get("state").asText();
        // Cancelling a send that finished meanwhile is refused, as the API refuses it.
        assertTrue(cancelled + " / " + state, cancelled.contains("is cancelled") && state.equals("cancelled")
                || cancelled.contains("Not done") && state.equals("finished"));
        String unknown = run("neuromail:sends pause " + java.util.UUID.randomUUID());
        assertTrue(unknown, unknown.contains("no send"));
    }

    /** What the shell offers for {@code typed} after {@code command}. */
    private List<String> completions(String command, String typed) throws Exception {
        Session session = sessionFactory.create(new ByteArrayInputStream(new byte[0]),
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
        try {
            Command found = session.getRegistry().getCommands().stream()
                    .filter(c -> (c.getScope() + ":" + c.getName()).equals(command)).findFirst().orElseThrow();
            String buffer = command + " " + typed;
            List<String> args = new ArrayList<>(List.of(buffer.split(" ", -1)));
            List<String> candidates = new ArrayList<>();
            found.getCompleter(true).complete(session, new Line(buffer, args), candidates);
            return candidates.stream().map(String::trim).toList();
        } finally {
            session.close();
        }
    }

    /** A command line with the cursor at its end. */
    private record Line(String buffer, List<String> args) implements CommandLine {
        @Override
        public int getCursorArgumentIndex() {
            return args.size() - 1;
        }

        @Override
        public String getCursorArgument() {
            return args.get(args.size() - 1);
        }

        @Override
        public int getArgumentPosition() {
            return getCursorArgument().length();
        }

        @Override
        public String[] getArguments() {
            return args.toArray(String[]::new);
        }

        @Override
        public int getBufferPosition() {
            return buffer.length();
        }

        @Override
        public String getBuffer() {
            return buffer;
        }
    }
}
