package io.thaw.deliver;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RelativeNameTest {

    @Test
    void splitsNestedUnicodeNames() {
        assertEquals(List.of("photos", "été 2019", "naïve ☃.jpg"), RelativeName.segments("photos/été 2019/naïve ☃.jpg"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/etc/passwd", "../x", "a/../../x", "a/./b", "a//b", "a/", "a\\b", "a\u0000b", "a\nb", ".."})
    void refusesNamesThatCouldLeaveTheRoot(String name) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RelativeName.segments(name));
        assertTrue(e.getMessage().startsWith("refusing to deliver to '"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n") && !e.getMessage().contains("\u0000"), "control characters are not echoed");
    }
}
