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
    /**
     * MESSY as it comes back: of duplicates, the one Postfix uses (the last); the others would make
     * {@code postconf} warn, which the apply refuses for a managed parameter.
     */
    static final String MESSY_BACK = MESSY.replace("relayhost = [old.example.net]:25\r\n", "")
            .replace("smtp_sasl_auth_enable = no\r\n", "");

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
    void takeOverSavesEveryHandWrittenOccurrenceAndReleaseGivesBackTheOnesPostfixUsed() {
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

        assertEquals(MESSY_BACK, releaseAll(taken, true));
    }

    @Test
    void withoutDuplicatesTheFileComesBackByteForByte() {
        String hand = Resources.sample("hand-relay.main.cf");
        MainCf cf = MainCf.parse(hand);
        cf.takeOver("relayhost", "[ours.example]:587");
        cf.takeOver("smtp_sasl_password_maps", "hash:/ours");
        cf.takeOver("smtp_sender_dependent_authentication", "yes");
        MainCf back = MainCf.parse(cf.render());
        for (String name : List.of("relayhost", "smtp_sasl_password_maps", "smtp_sender_dependent_authentication")) {
            back.release(name, true);
        }
        back.removeMarkerIfEmpty();
        assertEquals(hand, back.render());
    }

    @Test
    void handWrittenDuplicatesOfAParameterWeDoNotWriteAreResolvedToTheOnePostfixUses() {
        MainCf cf = MainCf.parse(MESSY);
        cf.release("relayhost", false);
        assertEquals(Optional.of("[older.example.net]:2525"), cf.get("relayhost"));
        assertFalse(cf.duplicates().containsKey("relayhost"));
    }

    @Test
    void takingOverAgainChangesNothingAndSavesNothingTwice() {
        String once = takeOverMessy(MESSY).render();
        assertEquals(once, takeOverMessy(once).render());
        MainCf changed = MainCf.parse(once);
        changed.takeOver("relayhost", "[other.example]:2525");
        assertEquals(List.of("[old.example.net]:25", "[older.example.net]:2525"), changed.savedValues("relayhost"),
                "our own previous value is not saved as if written by hand");
        assertEquals(MESSY_BACK, releaseAll(changed.render(), true));
    }

    @Test
    void aLineWrittenByHandWhileOursIsActiveIsSavedAtTheNextTakeOver() {
        String taken = takeOverMessy(MESSY).render();
        String edited = "relayhost = [later.example]:25\r\n" + taken;
        MainCf again = takeOverMessy(edited);
        assertEquals(Optional.of("[ours.example]:587"), again.get("relayhost"));
        assertEquals(List.of("[later.example]:25", "[old.example.net]:25", "[older.example.net]:2525"),
                again.savedValues("relayhost"));
        assertEquals(MESSY_BACK, releaseAll(again.render(), true), "back: the one Postfix used before the take-over");
    }

    @Test
    void ourLineEditedByHandInPlaceIsOursAndIsNotSaved() {
        String taken = takeOverMessy(MESSY).render().replace("relayhost = [ours.example]:587", "relayhost = [edited.example]:25");
        MainCf cf = MainCf.parse(taken);
        cf.takeOver("relayhost", "[ours.example]:587");
        assertEquals(List.of("[old.example.net]:25", "[older.example.net]:2525"), cf.savedValues("relayhost"));
        assertEquals(MESSY_BACK, releaseAll(cf.render(), true), "the value from before the take-over comes back");
    }

    @Test
    void aLineAppendedAfterOurBlockAsPostconfDoesIsHandWritten() {
        String hand = Resources.sample("hand-relay.main.cf");
        MainCf cf = MainCf.parse(hand);
        cf.takeOver("smtp_sender_dependent_authentication", "yes");
        String appended = cf.render() + "relayhost = [postconf-e.example]:25\n";
        MainCf again = MainCf.parse(appended);
        again.takeOver("relayhost", "[ours.example]:587");
        assertEquals(List.of("[smtp.provider.example]:587", "[postconf-e.example]:25"), again.savedValues("relayhost"));
        again.release("relayhost", true);
        again.release("smtp_sender_dependent_authentication", true);
        again.removeMarkerIfEmpty();
        assertEquals(hand.replace("relayhost = [smtp.provider.example]:587\n", "") + "relayhost = [postconf-e.example]:25\n",
                again.render(), "the appended line, the one Postfix used, comes back");
    }

    @Test
    void releaseWithoutRestoreRemovesOursAndKeepsTheSavedLines() {
        String released = releaseAll(takeOverMessy(MESSY).render(), false);
        MainCf cf = MainCf.parse(released);
        assertEquals(Optional.empty(), cf.get("relayhost"));
        assertEquals(List.of("[old.example.net]:25", "[older.example.net]:2525"), cf.savedValues("relayhost"));
        assertEquals(MESSY_BACK, releaseAll(released, true), "still restorable later");
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
