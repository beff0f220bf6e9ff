package io.neuromail.campaigns.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Writes a draft of a campaign's content from a brief. A bundle registers an implementation as an
 * OSGi service with the property {@link #NAME} set to a short, unique name (e.g. {@code gemini}); the
 * campaign editor offers every registered generator and keeps what the marketer accepts as an
 * ordinary draft, which is checked, sanitised and filtered like hand-written content.
 * <p>
 * Implementations must not keep the brief or the draft beyond the call unless the operator configured
 * it, must answer within {@link Brief#timeoutMillis()}, and must throw {@link GenerationException}
 * with a message a marketer can read when they cannot.
 */
@ConsumerType
public interface ContentGenerator {

    /** The service property that names a generator. */
    String NAME = "neuromail.generator.name";

    /** Writes a draft for {@code brief}. */
    Draft generate(Brief brief) throws GenerationException;

    /**
     * What a marketer asks for.
     *
     * @param accountId     the account asking
     * @param prompt        what the campaign is about, in the marketer's words
     * @param tone          the tone asked for (e.g. {@code friendly}), may be {@code null}
     * @param language      a BCP 47 language tag, may be {@code null} for the generator's default
     * @param mergeTags     the merge tags the draft may use, e.g. {@code first_name}
     * @param timeoutMillis how long the caller waits for the answer
     */
    record Brief(String accountId, String prompt, String tone, String language, List<String> mergeTags,
                 long timeoutMillis) {

        public Brief {
            mergeTags = mergeTags == null ? List.of() : List.copyOf(mergeTags);
        }
    }

    /**
     * A generated draft; any part may be {@code null} when the generator did not write it.
     *
     * @param subject   the subject line
     * @param preheader the preview text shown after the subject
     * @param html      the HTML body, which may use the brief's merge tags
     * @param text      the plain-text body
     */
    record Draft(String subject, String preheader, String html, String text) {
    }

    /** The generator could not write a draft; the message says why, in plain words. */
    class GenerationException extends Exception {

        private static final long serialVersionUID = 1L;

        public GenerationException(String message) {
            super(message);
        }

        public GenerationException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
