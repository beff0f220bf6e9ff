package io.neuromail.identity.internal.security;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QrSvgTest {

    @Test
    void anOtpauthUriBecomesAnSvgOfSquaresOnly() {
        String svg = QrSvg.of(Totp.uri("NeuroMail", "ann@example.com", Totp.newSecret()));
        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "), svg);
        assertTrue(svg.matches("<svg [^<>]*><rect [^<>]*/><path fill=\"#000\" d=\"(M\\d+ \\d+h\\d+v1h-\\d+z)+\"/></svg>"),
                "one path of unit-high runs, nothing else (no script, no text of the URI)");
        assertFalse(svg.contains("otpauth"));
    }

    @Test
    void aScannerReadsTheUriBackFromTheDrawing() throws Exception {
        String uri = Totp.uri("NeuroMail", "ann@example.com", Totp.newSecret());
        String svg = QrSvg.of(uri);
        java.util.regex.Matcher box = java.util.regex.Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
        assertTrue(box.find());
        int width = Integer.parseInt(box.group(1));
        int height = Integer.parseInt(box.group(2));
        int scale = 4;
        int[] pixels = new int[width * scale * height * scale];
        java.util.Arrays.fill(pixels, 0xFFFFFFFF);
        java.util.regex.Matcher run = java.util.regex.Pattern.compile("M(\\d+) (\\d+)h(\\d+)").matcher(svg);
        while (run.find()) {
            int x0 = Integer.parseInt(run.group(1));
            int y = Integer.parseInt(run.group(2));
            int length = Integer.parseInt(run.group(3));
            for (int py = y * scale; py < (y + 1) * scale; py++) {
                for (int px = x0 * scale; px < (x0 + length) * scale; px++) {
                    pixels[py * width * scale + px] = 0xFF000000;
                }
            }
        }
        com.google.zxing.Result read = new com.google.zxing.qrcode.QRCodeReader().decode(new com.google.zxing.BinaryBitmap(
                new com.google.zxing.common.HybridBinarizer(new com.google.zxing.RGBLuminanceSource(width * scale,
                        height * scale, pixels))));
        org.junit.jupiter.api.Assertions.assertEquals(uri, read.getText());
    }

    @Test
    void emptyOrHugeTextIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> QrSvg.of(""));
        assertThrows(IllegalArgumentException.class, () -> QrSvg.of("x".repeat(QrSvg.MAX_TEXT + 1)));
    }
}
