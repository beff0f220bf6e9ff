package io.neuromail.sender.smtp.internal;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.mail.Session;

import org.eclipse.angus.mail.smtp.SMTPMessage;

/**
 * A message whose bytes are final: the transport writes them as they are (dot-stuffed on the wire),
 * after MAIL FROM with the envelope sender. The message is neither parsed nor rebuilt, so what the
 * ledger built is what the relay receives.
 */
final class RawMessage extends SMTPMessage {

    private final byte[] mime;

    RawMessage(Session session, byte[] mime, String envelopeFrom) {
        super(session);
        this.mime = mime;
        setEnvelopeFrom(envelopeFrom);
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
        out.write(mime);
    }

    @Override
    public void writeTo(OutputStream out, String[] ignoreList) throws IOException {
        out.write(mime);
    }

    @Override
    public int getSize() {
        return mime.length;
    }
}
