package io.tributary.governance.core.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PiiScanTest {

    private final PiiScan scan = new PiiScan(
            PiiDetectors.standard(LocalDate.of(2026, 6, 1)), PiiScan.DEFAULT_THRESHOLD, PiiScan.DEFAULT_MIN_SAMPLES);

    private static List<String> repeat(int times, String... values) {
        List<String> sample = new ArrayList<>();
        for (int i = 0; i < times; i++) {
            sample.addAll(Arrays.asList(values));
        }
        return sample;
    }

    @Test
    void aColumnOfEmailsIsProposedWithRedactedExamples() {
        List<String> sample = repeat(4, "jane.doe@example.com", "bob@mail.example.org", "x.y@acme.io");
        sample.add("not an address");
        sample.add(null);
        sample.add("  ");

        List<PiiProposal> proposals = scan.scan("contact", sample);

        assertThat(proposals)
                .containsExactly(new PiiProposal(
                        "pii.email",
                        PiiDetector.Evidence.VALUES,
                        12.0 / 13,
                        13,
                        List.of("j***@example.com", "b***@mail.example.org", "x***@acme.io")));
    }

    @Test
    void belowTheThresholdNothingIsProposed() {
        List<String> sample = repeat(7, "jane.doe@example.com");
        sample.addAll(repeat(3, "pending"));

        assertThat(scan.scan("contact", sample)).isEmpty();
        assertThat(new PiiScan(PiiDetectors.standard(), 0.7, 10).scan("contact", sample))
                .extracting(PiiProposal::tag, PiiProposal::share)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("pii.email", 0.7));
    }

    @Test
    void tooSmallASampleProposesNothingFromValues() {
        assertThat(scan.scan("contact", repeat(9, "jane.doe@example.com"))).isEmpty();
        assertThat(scan.scan("contact", repeat(10, "jane.doe@example.com"))).hasSize(1);
    }

    @Test
    void aPersonNameIsProposedFromTheColumnNameAlone() {
        assertThat(scan.scan("customer_first_name", List.of("Ada", "Grace")))
                .containsExactly(
                        new PiiProposal("pii.name", PiiDetector.Evidence.COLUMN_NAME, 1.0, 2, List.of("***", "G***e")));
        assertThat(scan.scan("product_name", repeat(20, "Ada"))).isEmpty();
    }

    @Test
    void datesAreBirthDatesOnlyInABirthDateColumn() {
        List<String> dates = repeat(5, "1985-03-14", "02.11.1990");

        assertThat(scan.scan("date_of_birth", dates))
                .containsExactly(new PiiProposal(
                        "pii.dob",
                        PiiDetector.Evidence.COLUMN_NAME_AND_VALUES,
                        1.0,
                        10,
                        List.of("1985-**-**", "1990-**-**")));
        assertThat(scan.scan("created_at", dates)).isEmpty();
    }

    @Test
    void bareNineDigitsAreSsnsOnlyInAnSsnColumn() {
        List<String> numbers = repeat(10, "123456789");

        assertThat(scan.scan("ssn", numbers)).extracting(PiiProposal::tag).containsExactly("pii.ssn");
        assertThat(scan.scan("order_id", numbers)).isEmpty();
    }

    @Test
    void cardExamplesKeepOnlyTheLastFourDigits() {
        List<PiiProposal> proposals = scan.scan("payment", repeat(10, "4111 1111 1111 1111"));

        assertThat(proposals).extracting(PiiProposal::examples).containsExactly(List.of("***1111"));
    }

    @Test
    void parametersOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new PiiScan(PiiDetectors.standard(), 0, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold");
        assertThatThrownBy(() -> new PiiScan(PiiDetectors.standard(), 0.8, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minSamples");
    }
}
