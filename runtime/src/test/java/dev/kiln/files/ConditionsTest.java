package dev.kiln.files;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** RFC 9110 §13's preconditions as a file answer reads them. */
class ConditionsTest {
    private static final String TAG = "\"5f-14\"";
    private static final long MODIFIED = 1_700_000_000_123L; // Tue, 14 Nov 2023 22:13:20 GMT, and 123 ms
    private static final String DATE = "Tue, 14 Nov 2023 22:13:20 GMT";

    @Test
    void ifNoneMatchComparesWeaklyAndAcceptsAStar() {
        assertTrue(Conditions.notModified(TAG, null, TAG, MODIFIED));
        assertTrue(Conditions.notModified("\"a\", W/" + TAG, null, TAG, MODIFIED));
        assertTrue(Conditions.notModified("*", null, TAG, MODIFIED));
        assertFalse(Conditions.notModified("\"a\", \"b\"", null, TAG, MODIFIED));
        assertFalse(Conditions.notModified("\"5f-14", null, TAG, MODIFIED));
    }

    @Test
    void ifModifiedSinceComparesToTheSecondAndOnlyWithoutIfNoneMatch() {
        assertTrue(Conditions.notModified(null, DATE, TAG, MODIFIED), "the same second, milliseconds aside");
        assertTrue(Conditions.notModified(null, "Wed, 15 Nov 2023 00:00:00 GMT", TAG, MODIFIED));
        assertFalse(Conditions.notModified(null, "Tue, 14 Nov 2023 22:13:19 GMT", TAG, MODIFIED));
        assertFalse(Conditions.notModified(null, "not a date", TAG, MODIFIED));
        assertFalse(Conditions.notModified("\"other\"", DATE, TAG, MODIFIED));
        assertFalse(Conditions.notModified(null, null, TAG, MODIFIED));
    }

    @Test
    void ifRangeMatchesTheTagStronglyOrTheDateExactly() {
        assertTrue(Conditions.rangeApplies(null, TAG, DATE));
        assertTrue(Conditions.rangeApplies(TAG, TAG, DATE));
        assertTrue(Conditions.rangeApplies(DATE, TAG, DATE));
        assertFalse(Conditions.rangeApplies("W/" + TAG, TAG, DATE), "a weak tag never matches strongly");
        assertFalse(Conditions.rangeApplies("\"old\"", TAG, DATE));
        assertFalse(Conditions.rangeApplies("Mon, 13 Nov 2023 22:13:20 GMT", TAG, DATE));
    }
}
