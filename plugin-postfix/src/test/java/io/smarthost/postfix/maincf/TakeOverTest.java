package io.smarthost.postfix.maincf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smarthost.postfix.testing.Resources;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@link MainCf#takeOver} and {@link MainCf#release}: hand-written lines are saved in place and come back as they were. */
class TakeOverTest {

    /** CRLF, comments, continuation lines and duplicates; the final newline added (a file without one gets it at the first apply). */
    static final String MESSY = Resources.sample("messy.main.cf") + "\r\n";

    static MainCf takeOverMessy(String text) {
        MainCf cf = MainCf.parse(text);
        cf.takeOver("relayhost", "[ours.example]:587");
        cf.takeOver("smtp_sasl_auth_enable", "yes");
        cf.takeOver("sender_dependent_relayhost_maps", "hash:/x");
        return cf;
    }

    static String releaseAll(String text, boolean restore) {
        MainCf cf = MainCf.parse(text);
        for (String name : List.of("relayhost", "smtp_sasl_auth_enable", "sender_dependent_relayhost_maps")) {
            cf.release(name, restore);
        }
        cf.removeMarkerIfEmpty();
        return cf.render();
    }

    @Test
    void takeOverSavesEveryHandWrittenOccurrenceAndReleaseGivesTheFileBackByteForByte() {
        String taken = takeOverMessy(MESSY).render();
        MainCf cf = MainCf.parse(taken);
        assertEquals(Optional.of("[ours.example]:587"), cf.get("relayhost"));
        assertEquals(1, cf.parameters().stream().filter(p -> p.name().equals("relayhost")).count(), "one active setting");
        assertEquals(Optional.of("yes"), cf.get("smtp_sasl_auth_enable"));
        assertTrue(taken.contains(MainCf.SAVED + "relayhost = [old.example.net]:25\r\n" + "relayhost = [ours.example]:587\r\n"),
                "ours in place of the first hand line, CRLF kept: " + taken);
        assertTrue(taken.contains(MainCf.SAVED + "relayhost =\r\n" + MainCf.SAVED + "    [older.example.net]:2525\r\n"),
                "a duplicate with its continuation line saved too");
        assertEquals(List.of("[old.example.net]:25", "[older.example.net]:2525"), cf.savedValues("relayhost"));
        assertFalse(cf.duplicates().containsKey("relayhost"));

        assertEquals(MESSY, releaseAll(taken, true));
    }

    @Test
    void takingOverAgainChangesNothingAndSavesNothingTwice() {
        String once = takeOverMessy(MESSY).render();
        assertEquals(once, takeOverMessy(once).render());
        MainCf changed = MainCf.parse(once);
        changed.takeOver("relayhost", "[other.example]:2525");
        assertEquals(List.of("[old.example.net]:25", "[older.example.net]:2525"), changed.savedValues("relayhost"),
                "our own previous value is not saved as if written by hand");
        assertEquals(MESSY, releaseAll(changed.render(), true));
    }

    @Test
    void aLineWrittenByHandWhileOursIsActiveIsSavedAtTheNextTakeOverAndComesBackToo() {
        String taken = takeOverMessy(MESSY).render();
        String edited = "relayhost = [later.example]:25\r\n" + taken;
        String again = takeOverMessy(edited).render();
        assertEquals(Optional.of("[ours.example]:587"), MainCf.parse(again).get("relayhost"));
        assertEquals(edited.replace(takeOverMessy(MESSY).render(), MESSY), releaseAll(again, true));
    }

    @Test
    void ourLineEditedByHandInPlaceIsOursAndIsNotSaved() {
        String taken = takeOverMessy(MESSY).render().replace("relayhost = [ours.example]:587", "relayhost = [edited.example]:25");
        MainCf cf = MainCf.parse(taken);
        cf.takeOver("relayhost", "[ours.example]:587");
        assertEquals(List.of("[old.example.net]:25", "[older.example.net]:2525"), cf.savedValues("relayhost"));
        assertEquals(MESSY, releaseAll(cf.render(), true), "the value from before the take-over comes back");
    }

    @Test
    void aLineAppendedAfterOurBlockAsPostconfDoesIsHandWritten() {
        MainCf cf = MainCf.parse(MESSY);
        cf.takeOver("smtp_sender_dependent_authentication", "yes");
        String appended = cf.render() + "relayhost = [postconf-e.example]:25\n";
        MainCf again = MainCf.parse(appended);
        again.takeOver("relayhost", "[ours.example]:587");
        assertTrue(again.savedValues("relayhost").contains("[postconf-e.example]:25"), again.render());
        again.release("relayhost", true);
        again.release("smtp_sender_dependent_authentication", true);
        again.removeMarkerIfEmpty();
        assertEquals(MESSY + "relayhost = [postconf-e.example]:25\n", again.render());
    }

    @Test
    void releaseWithoutRestoreRemovesOursAndKeepsTheSavedLines() {
        String released = releaseAll(takeOverMessy(MESSY).render(), false);
        MainCf cf = MainCf.parse(released);
        assertEquals(Optional.empty(), cf.get("relayhost"));
        assertEquals(List.of("[old.example.net]:25", "[older.example.net]:2525"), cf.savedValues("relayhost"));
        assertEquals(MESSY, releaseAll(released, true), "still restorable later");
    }

    @Test
    void releaseDropsSavedLinesWhenANewerHandWrittenSettingIsActive() {
        String released = releaseAll(takeOverMessy(MESSY).render(), false) + "relayhost = [newer.example]:25\r\n";
        MainCf cf = MainCf.parse(released);
        cf.release("relayhost", true);
        assertEquals(Optional.of("[newer.example]:25"), cf.get("relayhost"));
        assertEquals(List.of(), cf.savedValues("relayhost"));
        assertEquals(1, cf.parameters().stream().filter(p -> p.name().equals("relayhost")).count());
    }

    @Test
    void aParameterThatWasNotThereIsAddedInTheMarkerBlockAndRemovedWithIt() {
        String original = Resources.sample("debian-default.main.cf");
        MainCf cf = MainCf.parse(original);
        cf.takeOver("smtp_sender_dependent_authentication", "yes");
        assertTrue(cf.render().endsWith(MainCf.MARKER + "\nsmtp_sender_dependent_authentication = yes\n"
                + MainCf.END_MARKER + "\n"));
        cf.release("smtp_sender_dependent_authentication", true);
        cf.removeMarkerIfEmpty();
        assertEquals(original, cf.render());
    }
}
