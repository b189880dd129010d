package io.tributary.catalog.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LineageApiKeysTest {

    static final String KEY = "c8923e3b1f0d6a4e9b7c2d1e0f3a5b6c7d8e9f00";

    @Test
    void aConfiguredKeyIsKnownByItsName() {
        LineageApiKeys keys = LineageApiKeys.parse(List.of(
                "spark:sha256:" + LineageApiKeys.hash("other-key"), " trino:sha256:" + LineageApiKeys.hash(KEY)));

        assertThat(keys.match(KEY)).contains("trino");
        assertThat(keys.match("other-key")).contains("spark");
    }

    @Test
    void anUnknownKeyOrNoneMatchesNothing() {
        LineageApiKeys keys = LineageApiKeys.parse(List.of("trino:sha256:" + LineageApiKeys.hash(KEY)));

        assertThat(keys.match(KEY + "0")).isEmpty();
        assertThat(keys.match(KEY.toUpperCase())).isEmpty();
        assertThat(keys.match("")).isEmpty();
        assertThat(keys.match(null)).isEmpty();
        // The hash is what configuration holds; presenting it is not presenting the key.
        assertThat(keys.match(LineageApiKeys.hash(KEY))).isEmpty();
        assertThat(LineageApiKeys.none().match(KEY)).isEmpty();
        assertThat(LineageApiKeys.none().isEmpty()).isTrue();
    }

    @Test
    void hexDigitsMayBeUpperCase() {
        LineageApiKeys keys = LineageApiKeys.parse(
                List.of("trino:sha256:" + LineageApiKeys.hash(KEY).toUpperCase()));

        assertThat(keys.match(KEY)).contains("trino");
    }

    @Test
    void theHashIsTheHexSha256OfTheKeysText() {
        // printf '%s' abc | sha256sum
        assertThat(LineageApiKeys.hash("abc"))
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "trino",
                "trino:" + KEY,
                "trino:sha256:abc",
                "trino:sha1:a9993e364706816aba3e25717850c26c9cd0d89d",
                ":sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "tri no:sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                "trino:sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015adff"
            })
    void aMalformedEntryIsRefusedWithoutRepeatingIt(String entry) {
        assertThatThrownBy(() -> LineageApiKeys.parse(List.of("ok:sha256:" + LineageApiKeys.hash("x"), entry)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tributary.catalog.lineage.api-keys[1]")
                .hasMessageContaining("<name>:sha256:<64 hex digits")
                .hasMessageNotContaining("ba7816bf");
    }

    @Test
    void aNameUsedTwiceIsRefused() {
        assertThatThrownBy(() -> LineageApiKeys.parse(List.of(
                        "trino:sha256:" + LineageApiKeys.hash("a"), "trino:sha256:" + LineageApiKeys.hash("b"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("repeats the name 'trino'");
    }
}
