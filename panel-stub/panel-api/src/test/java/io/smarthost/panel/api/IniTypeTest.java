package io.smarthost.panel.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IniTypeTest {

    @Test
    void booleansAreTheSixUsualWordsInAnyCase() {
        IniType bool = new IniType.Bool();
        for (String yes : List.of("true", "ON", "Yes", "1")) {
            assertEquals(Optional.of(true), IniType.Bool.parse(yes), yes);
        }
        for (String no : List.of("false", "Off", "NO", "0")) {
            assertEquals(Optional.of(false), IniType.Bool.parse(no), no);
        }
        for (String bad : List.of("ture", "", "2", "enabled")) {
            assertFalse(bool.accepts(bad), bad);
        }
    }

    @Test
    void integersMustBeWholeAndInRange() {
        IniType port = new IniType.Int(1, 65_535);
        assertTrue(port.accepts("587"));
        assertTrue(port.accepts(" 25 "));
        assertFalse(port.accepts("70000"));
        assertFalse(port.accepts("0"));
        assertFalse(port.accepts("5.5"));
        assertFalse(port.accepts(""));
        assertEquals("a whole number from 1 to 65535", port.allowed());
    }

    @Test
    void textLikeTypesTakeAnEmptyValueAsUnset() {
        for (IniType type : List.of(new IniType.Text(), new IniType.AbsolutePath(), new IniType.HttpUrl(),
                new IniType.HostName(), new IniType.HostPort(), new IniType.PortList())) {
            assertTrue(type.accepts(""), type.toString());
        }
        assertFalse(new IniType.OneOf(List.of("auto", "postfix")).accepts(""));
    }

    @Test
    void eachTypeRefusesWhatItsReaderCouldNotUse() {
        assertTrue(new IniType.OneOf(List.of("auto", "postfix")).accepts("Postfix"));
        assertFalse(new IniType.OneOf(List.of("auto", "postfix")).accepts("exim"));
        assertTrue(new IniType.AbsolutePath().accepts("/etc/postfix"));
        assertTrue(new IniType.AbsolutePath().accepts("C:\\Program Files\\SmarterTools"));
        assertFalse(new IniType.AbsolutePath().accepts("etc/postfix"));
        assertTrue(new IniType.HttpUrl().accepts("https://mail.example.com/"));
        assertFalse(new IniType.HttpUrl().accepts("ftp://mail.example.com/"));
        assertFalse(new IniType.HttpUrl().accepts("https://admin:secret@mail.example.com/"));
        assertFalse(new IniType.HttpUrl().accepts("mail.example.com"));
        assertTrue(new IniType.HostName().accepts("mail.example.com"));
        assertFalse(new IniType.HostName().accepts("bad name"));
        for (String ok : List.of("127.0.0.1", "127.0.0.1:5353", "[::1]:53", "::1", "dns.example")) {
            assertTrue(new IniType.HostPort().accepts(ok), ok);
        }
        for (String bad : List.of("127.0.0.1:70000", "host:port", "a b")) {
            assertFalse(new IniType.HostPort().accepts(bad), bad);
        }
        assertTrue(new IniType.PortList().accepts("2526, 10025"));
        assertFalse(new IniType.PortList().accepts("2526, nonsense"));
    }

    @Test
    void aKeysDefaultMustBeAllowedByItsOwnType() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> IniKey.integer("web", "port", 0, 1, 10, "port"));
        assertTrue(e.getMessage().contains("[web] port: the default \"0\" is not allowed"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> IniKey.bool("web", "bad name", true, ""));
    }
}
