package io.thaw.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

class LogTextTest {

    @Test
    void controlAndInvisibleCharactersAreShownNotPassedThrough() {
        assertEquals("a\\nb\\rc\\td", LogText.escape("a\nb\rc\td"));
        assertEquals("\\x1B[31mred\\x1B[0m", LogText.escape("\u001B[31mred\u001B[0m"));
        assertEquals("\\x07bell\\x7F\\x9B", LogText.escape("\u0007bell\u007F\u009B"));
        assertEquals("txt.\\u202Eexe", LogText.escape("txt.\u202Eexe"), "bidi override shown");
        assertEquals("line\\u2028sep", LogText.escape("line\u2028sep"));
        assertEquals("null", LogText.escape(null));
    }

    @Test
    void everyScriptAndEmojiStaysAsItIs() {
        String text = "été ☀ Привет мир 😀 👩‍💻 فارسی‌ها C:\\dir\\file.txt";
        assertEquals(text, LogText.escape(text));
    }

    @Test
    void wholeMessagesKeepTheirLinesButLoseEscapeSequences() {
        assertEquals("run report\n\tpage 1 \\x1B]0;title\\x07", LogText.escapeTerminal("run report\n\tpage 1 \u001B]0;title\u0007"));
    }

    @Test
    void theLogLayoutEscapesMessagesFromAnyLogger() {
        SafeMessageConverter converter = new SafeMessageConverter();
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("org.example"), Level.WARN,
                "file {} failed", null, new Object[] {"evil\u001B[2Jname"});
        String shown = converter.convert(event);
        assertEquals("file evil\\x1B[2Jname failed", shown);
        assertFalse(shown.contains("\u001B"));
    }
}
