package io.tributary.ingest.maintenance;

import java.util.Map;

/** What one action came to, before it is timed into an {@link ActionResult}. */
record Step(ActionResult.Outcome outcome, String detail, Map<String, Long> figures) {

    static Step done(String detail, Map<String, Long> figures) {
        return new Step(ActionResult.Outcome.DONE, detail, figures);
    }

    static Step skipped(String why, Map<String, Long> figures) {
        return new Step(ActionResult.Outcome.SKIPPED, why, figures);
    }

    static Step failed(String why, Map<String, Long> figures) {
        return new Step(ActionResult.Outcome.FAILED, why, figures);
    }
}
