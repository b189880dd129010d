package io.tributary.governance.core.pii;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/** The detectors a scan runs by default, one per tag. */
public final class PiiDetectors {

    private PiiDetectors() {}

    public static List<PiiDetector> standard() {
        return standard(LocalDate.now(ZoneOffset.UTC));
    }

    /** @param today the day ages of birth dates are counted to */
    public static List<PiiDetector> standard(LocalDate today) {
        return List.of(
                new EmailDetector(),
                new PhoneDetector(),
                new IbanDetector(),
                new PaymentCardDetector(),
                new IpAddressDetector(),
                new SsnDetector(),
                new DateOfBirthDetector(today),
                new PersonNameDetector());
    }
}
