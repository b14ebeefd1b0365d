package io.thaw.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.thaw.Thaw;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SandboxCommandTest {

    @Test
    void badFaultSpecIsRejectedWithTheOffendingEntry() {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertEquals(2, Thaw.execute("sandbox", "--port", "0", "--faults", "throttle=lots"));
            assertEquals(2, Thaw.execute("sandbox", "--port", "0", "--job-delay", "Standard=soon"));
        } finally {
            System.setErr(err);
        }
        String text = buf.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("bad --faults entry 'throttle=lots'"), text);
        assertTrue(text.contains("bad duration 'soon'"), text);
    }
}
