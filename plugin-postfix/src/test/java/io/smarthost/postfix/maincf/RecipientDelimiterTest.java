package io.smarthost.postfix.maincf;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.smarthost.core.backend.AddressExtensions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** main.cf's recipient_delimiter as core learns it (a Debian main.cf sets {@code +}; Postfix's default is empty). */
class RecipientDelimiterTest {
    @TempDir
    Path dir;

    @Test
    void theDelimitersComeFromMainCfAndFollowItsChanges() throws Exception {
        Path mainCf = dir.resolve("main.cf");
        RecipientDelimiter d = new RecipientDelimiter(mainCf);
        assertEquals(AddressExtensions.NONE, d.get(), "no main.cf");
        Files.writeString(mainCf, "myhostname = a.example\n");
        assertEquals(AddressExtensions.NONE, d.get(), "Postfix's default: no extensions");
        Files.writeString(mainCf, "myhostname = a.example\nrecipient_delimiter = +\nrecipient_delimiter = +-\n");
        Files.setLastModifiedTime(mainCf, FileTime.fromMillis(System.currentTimeMillis() + 5000));
        assertEquals(AddressExtensions.of("+-"), d.get(), "the last line wins, as in Postfix");
        Files.writeString(mainCf, "delims = +=\nrecipient_delimiter = ${delims}\nowner_request_special = no\n"
                + "double_bounce_sender = bounce-twice\n");
        Files.setLastModifiedTime(mainCf, FileTime.fromMillis(System.currentTimeMillis() + 9000));
        assertEquals(new AddressExtensions("+=", false, "bounce-twice"), d.get());
    }

    @Test
    void theSandboxesDebianMainCfSetsPlus() throws Exception {
        String debian = new String(getClass().getResourceAsStream("/maincf/debian-internet-site.main.cf").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(AddressExtensions.of("+"), RecipientDelimiter.of(MainCf.parse(debian)));
    }
}
