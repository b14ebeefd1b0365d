package io.thaw.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.thaw.sandbox.SandboxOptions;
import io.thaw.testing.ThawRoutes;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * Issue 12: hostile names and links in the inbox, through the real read-requests route. A name with a
 * newline or an escape sequence gets an .error note under a visible name; a symbolic link is refused
 * without its target being opened (a FIFO target would block a reader forever) or its content shown;
 * a linked folder is not descended into; nothing raw reaches the log.
 */
class InboxSafetyTest {

    static final Duration WAIT = Duration.ofSeconds(60);
    static final String REQUEST = "{\"vault\":\"photos\",\"job\":{\"Type\":\"inventory-retrieval\"}}";

    static final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @RegisterExtension
    static final ThawRoutes thaw = ThawRoutes.withSandbox().jobDelays(SandboxOptions.DEFAULT_JOB_DELAYS)
            .timeout(WAIT)
            .before(t -> Files.createDirectories(t.work().resolve("outside")));

    @BeforeAll
    static void captureLog() {
        logged.start();
        ((Logger) LoggerFactory.getLogger("io.thaw")).addAppender(logged);
    }

    @AfterAll
    static void stop() throws Exception {
        ((Logger) LoggerFactory.getLogger("io.thaw")).detachAppender(logged);
    }

    @Test
    void newlineInTheNameGetsAnErrorNoteUnderAVisibleName() throws Exception {
        thaw.drop("two\nlines.json", REQUEST);
        Path note = awaitNote("two%0Alines.json");
        String text = Files.readString(note);
        assertTrue(text.contains("two\\nlines.json") && text.contains("control or invisible character"), text);
        // the note is written first, the consumer moves the file when the exchange completes
        thaw.await("the request itself kept beside its note", WAIT,
                () -> Files.exists(thaw.inbox().resolve(".error/two%0Alines.json")));
        assertFalse(Files.exists(thaw.inbox().resolve("two\nlines.json")));
        assertNothingRawLogged();
    }

    @Test
    void escapeSequenceInTheNameNeverReachesTheLogRaw() throws Exception {
        String name = "colour\u001B[31mred\u001B]0;pwned\u0007.json";
        thaw.drop(name, REQUEST);
        Path note = awaitNote("colour%1B[31mred%1B]0;pwned%07.json");
        assertFalse(Files.readString(note).contains("\u001B"), "no raw ESC in the note either");
        thaw.await("rejection logged", () -> messages().stream().anyMatch(m -> m.contains("colour\\x1B[31mred")));
        assertNothingRawLogged();
    }

    @Test
    void symbolicLinkIsRefusedWithoutOpeningOrShowingItsTarget() throws Exception {
        Path secret = Files.writeString(thaw.work().resolve("outside").resolve("secret.json"), "{\"vault\": TOPSECRET-TOKEN}");
        Files.createSymbolicLink(thaw.inbox().resolve("linked.json"), secret);
        // a FIFO blocks whoever opens it until a writer comes: opening the target would hang the consumer
        Path fifo = thaw.work().resolve("outside").resolve("pipe.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor(), "mkfifo");
        Files.createSymbolicLink(thaw.inbox().resolve("piped.json"), fifo);

        String note = Files.readString(awaitNote("linked.json"));
        assertTrue(note.contains("symbolic link") && note.contains("copy the request file itself"), note);
        assertFalse(note.contains("TOPSECRET"), "the target's content is not shown: " + note);
        assertTrue(Files.readString(awaitNote("piped.json")).contains("symbolic link"));
        thaw.await("the link itself moved", () -> Files.isSymbolicLink(thaw.inbox().resolve(".error/linked.json")));
        assertEquals("{\"vault\": TOPSECRET-TOKEN}", Files.readString(secret), "the target is untouched, in place");
        assertTrue(Files.exists(fifo, LinkOption.NOFOLLOW_LINKS));
        assertTrue(messages().stream().noneMatch(m -> m.contains("TOPSECRET")));
    }

    @Test
    void linkedFolderIsNotDescendedInto() throws Exception {
        Path foreign = Files.createDirectories(thaw.work().resolve("outside").resolve("foreign"));
        Path request = Files.writeString(foreign.resolve("job.json"), "{\"Type\":\"inventory-retrieval\"}");
        Files.createSymbolicLink(thaw.inbox().resolve("photos"), foreign);
        thaw.await("linked folder reported", () -> messages().stream()
                .anyMatch(m -> m.contains("is a symbolic link") && m.contains("replace the link with a real folder")));
        // several more polls: the file outside the inbox is neither read nor moved
        Thread.sleep(3_000);
        assertTrue(Files.exists(request), "the file behind the link stays where it is");
        assertFalse(Files.exists(thaw.inbox().resolve(".error/photos")) || Files.exists(thaw.inbox().resolve(".done/photos")));
        assertEquals(1, messages().stream().filter(m -> m.contains("replace the link with a real folder")).count(),
                "reported once, not on every poll");
    }

    Path awaitNote(String visibleName) {
        Path note = thaw.inbox().resolve(".error/" + visibleName + ".error.txt");
        thaw.await("error note " + note, () -> Files.exists(note));
        return note;
    }

    List<String> messages() {
        synchronized (logged) {
            return logged.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }

    /** thaw's own messages carry outside text escaped: no ESC, BEL or newline from a file name. */
    void assertNothingRawLogged() {
        for (String m : messages()) {
            if (m.contains("colour") || m.contains("lines")) {
                assertFalse(m.contains("\u001B") || m.contains("\u0007") || m.contains("\n"), "raw in log: " + m);
            }
        }
    }
}
