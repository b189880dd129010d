package io.tributary.governance.core.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The edges of each detector, one value at a time. */
class PiiDetectorsTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 6, 1);

    @ParameterizedTest
    @CsvSource({
        "j.doe@example.com, true",
        "first.last+tag@mail.example.co.uk, true",
        "o'brien@example.ie, true",
        "x@y.io, true",
        "a..b@example.com, false",
        ".a@example.com, false",
        "a.@example.com, false",
        "a@example..com, false",
        "a@example, false",
        "a@example.c0m, false",
        "a@-example.com, false",
        "a@@example.com, false",
        "'a b@example.com', false",
        "jürgen@example.de, false",
    })
    void email(String value, boolean expected) {
        assertThat(new EmailDetector().matches(value)).as(value).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "+4930123456, true",
        "+49 30 1234567, true",
        "+44 20 7946 0958, true",
        "+1 (415) 555-0132, true",
        "(030) 1234567, true",
        "030/1234567, true",
        "020 7946 0958, true",
        "06 12 34 56 78, true",
        "415-555-0132, true",
        "(415) 555-0132, true",
        "415.555.0132, true",
        "0049 30 1234567, true",
        "+49 (0)30 1234567, true",
        "14155550132, false",
        "123456789012, false",
        "2024-06-01, false",
        "01.06.2024, false",
        "06/01/2024, false",
        "192.168.1.20, false",
        "4111 1111 1111 1111, false",
        "078-05-1120, false",
        "123-555-0132, false",
        "+28 1234 5678, false",
        "+0 30 1234567, false",
        "+49 30, false",
        "ORD-20240601, false",
        "1.2.3, false",
        "12:30:45, false",
    })
    void phone(String value, boolean expected) {
        assertThat(new PhoneDetector().matches(value)).as(value).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "DE89370400440532013000, true",
        "DE89 3704 0044 0532 0130 00, true",
        "GB29 NWBK 6016 1331 9268 19, true",
        "NO9386011117947, true",
        "MT84MALT011000012345MTLCAST001S, true",
        "de89370400440532013000, true",
        "DE88370400440532013000, false",
        "DE89370400440532013001, false",
        "DE8937040044053201300, false",
        "DE893 7040 0440 5320 1300 0, false",
        "US89370400440532013000, false",
    })
    void iban(String value, boolean expected) {
        assertThat(new IbanDetector().matches(value)).as(value).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "4111111111111111, true",
        "4111 1111 1111 1111, true",
        "4111-1111-1111-1111, true",
        "5555555555554444, true",
        "2223003122003222, true",
        "378282246310005, true",
        "3782 822463 10005, true",
        "6011111111111117, true",
        "3530111333300000, true",
        "4111111111111112, false",
        "1111111111111117, false",
        "411111111111116, false",
        "4111 1111-1111 1111, false",
        "4111  1111 1111 1111, false",
        "411111111111111111111, false",
    })
    void card(String value, boolean expected) {
        assertThat(new PaymentCardDetector().matches(value)).as(value).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "192.168.0.1, true",
        "0.0.0.0, true",
        "255.255.255.255, true",
        "2001:0db8:85a3:0000:0000:8a2e:0370:7334, true",
        "2001:db8::1, true",
        "::1, true",
        "::, true",
        "fe80::, true",
        "::ffff:192.0.2.128, true",
        "0:0:0:0:0:ffff:192.0.2.128, true",
        "999.1.1.1, false",
        "256.1.1.1, false",
        "1.2.3, false",
        "1.2.3.4.5, false",
        "01.2.3.4, false",
        "1.2.3.4/24, false",
        "1:::2, false",
        "1::2::3, false",
        "12345::1, false",
        "g::1, false",
        "1:2:3:4:5:6:7:8:9, false",
        "1:2:3:4:5:6:7, false",
        "00:1a:2b:3c:4d:5e, false",
        "::ffff:999.0.2.128, false",
    })
    void ip(String value, boolean expected) {
        assertThat(new IpAddressDetector().matches(value)).as(value).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({
        "value, 123-45-6789, true",
        "value, 899-99-9999, true",
        "value, 000-12-3456, false",
        "value, 666-12-3456, false",
        "value, 900-12-3456, false",
        "value, 123-00-4567, false",
        "value, 123-45-0000, false",
        "value, 078-05-1120, false",
        "value, 123456789, false",
        "ssn, 123456789, true",
        "customer_ssn, 123456789, true",
        "SocialSecurityNumber, 123456789, true",
        "ssn, 000456789, false",
        "lesson, 123456789, false",
    })
    void ssn(String column, String value, boolean expected) {
        assertThat(new SsnDetector().matches(column, value))
                .as(column + " " + value)
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "dob|1985-03-14|true",
                "date_of_birth|14.03.1985|true",
                "birthDate|03/14/1985|true",
                "birthday|14/03/1985|true",
                "geburtsdatum|1985/03/14|true",
                "DOB|1985-03-14T00:00:00Z|true",
                "dob|14 Mar 1985|true",
                "dob|March 14, 1985|true",
                "dob|2026-06-01|true",
                "dob|2026-06-02|false",
                "dob|1900-01-01|false",
                "dob|1985-02-30|false",
                "dob|31.04.1985|false",
                "dob|19850314|false",
                "dob|unknown|false",
                "created_at|1985-03-14|false",
                "birth_place|1985-03-14|false",
            })
    void dateOfBirth(String column, String value, boolean expected) {
        assertThat(new DateOfBirthDetector(TODAY).matches(column, value))
                .as(column + " " + value)
                .isEqualTo(expected);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "first_name",
                "lastName",
                "LAST_NAME",
                "given_name",
                "family_name",
                "full_name",
                "surname",
                "customer_name",
                "contact_name",
                "billing_first_name",
                "Vorname",
                "nachname"
            })
    void personNameColumns(String column) {
        assertThat(new PersonNameDetector().matchesColumnName(column))
                .as(column)
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "name",
                "username",
                "file_name",
                "filename",
                "table_name",
                "hostname",
                "product_name",
                "company_name",
                "display_name",
                "name_server",
                "namespace",
                "first_seen",
                "family_id"
            })
    void notPersonNameColumns(String column) {
        assertThat(new PersonNameDetector().matchesColumnName(column))
                .as(column)
                .isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "pii.email, j.doe@example.com",
        "pii.phone, +49 30 1234567",
        "pii.iban, DE89370400440532013000",
        "pii.card, 4111111111111111",
        "pii.ip, 192.168.0.1",
        "pii.ssn, 123-45-6789",
        "pii.dob, 1985-03-14",
    })
    void valuesLongerThanTheBoundNeverMatch(String tag, String positive) {
        PiiDetector detector = PiiDetectors.standard(TODAY).stream()
                .filter(d -> d.tag().equals(tag))
                .findFirst()
                .orElseThrow();
        assertThat(detector.matches("dob", positive)).isTrue();
        assertThat(detector.matches("dob", " ".repeat(PiiDetector.MAX_LENGTH) + positive))
                .isFalse();
    }
}
