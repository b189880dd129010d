package io.tributary.catalog.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.expressions.Literal;
import org.apache.iceberg.types.Types;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The compatibility matrix: each kind of schema change judged under every mode. */
class SchemaCompatibilityTest {

    private static final Schema BASE = new Schema(
            Types.NestedField.required(1, "id", Types.LongType.get()),
            Types.NestedField.optional(2, "note", Types.StringType.get()),
            Types.NestedField.required(3, "count", Types.IntegerType.get()),
            Types.NestedField.optional(4, "ratio", Types.FloatType.get()),
            Types.NestedField.optional(5, "amount", Types.DecimalType.of(10, 2)),
            Types.NestedField.optional(
                    6,
                    "customer",
                    Types.StructType.of(
                            Types.NestedField.required(7, "name", Types.StringType.get()),
                            Types.NestedField.optional(8, "zip", Types.StringType.get()))),
            Types.NestedField.optional(9, "labels", Types.ListType.ofOptional(10, Types.StringType.get())),
            Types.NestedField.optional(
                    11, "attrs", Types.MapType.ofOptional(12, 13, Types.StringType.get(), Types.IntegerType.get())));

    /** BACKWARD, FORWARD, FULL: whether each is satisfied (NONE always is). */
    record Expectation(String change, Schema proposed, boolean backward, boolean forward) {}

    static List<Expectation> changes() {
        return List.of(
                new Expectation("no change", BASE, true, true),
                new Expectation(
                        "add optional field",
                        add(Types.NestedField.optional(20, "extra", Types.StringType.get())),
                        true,
                        true),
                new Expectation(
                        "add required field without default",
                        add(Types.NestedField.required(20, "extra", Types.StringType.get())),
                        false,
                        true),
                new Expectation(
                        "add required field with default",
                        add(Types.NestedField.required("extra")
                                .withId(20)
                                .ofType(Types.StringType.get())
                                .withInitialDefault(Literal.of("x"))
                                .build()),
                        true,
                        true),
                new Expectation("delete optional field", without("note"), true, true),
                new Expectation("delete required field", without("count"), true, false),
                new Expectation(
                        "int to long",
                        replace("count", Types.NestedField.required(3, "count", Types.LongType.get())),
                        true,
                        false),
                new Expectation(
                        "long to int",
                        replace("id", Types.NestedField.required(1, "id", Types.IntegerType.get())),
                        false,
                        true),
                new Expectation(
                        "float to double",
                        replace("ratio", Types.NestedField.optional(4, "ratio", Types.DoubleType.get())),
                        true,
                        false),
                new Expectation(
                        "decimal precision widening",
                        replace("amount", Types.NestedField.optional(5, "amount", Types.DecimalType.of(12, 2))),
                        true,
                        false),
                new Expectation(
                        "decimal precision narrowing",
                        replace("amount", Types.NestedField.optional(5, "amount", Types.DecimalType.of(8, 2))),
                        false,
                        true),
                new Expectation(
                        "decimal scale change",
                        replace("amount", Types.NestedField.optional(5, "amount", Types.DecimalType.of(12, 3))),
                        false,
                        false),
                new Expectation(
                        "string to int",
                        replace("note", Types.NestedField.optional(2, "note", Types.IntegerType.get())),
                        false,
                        false),
                new Expectation(
                        "optional to required",
                        replace("note", Types.NestedField.required(2, "note", Types.StringType.get())),
                        false,
                        true),
                new Expectation(
                        "required to optional",
                        replace("count", Types.NestedField.optional(3, "count", Types.IntegerType.get())),
                        true,
                        false),
                new Expectation(
                        "rename required field",
                        replace("count", Types.NestedField.required(3, "total", Types.IntegerType.get())),
                        false,
                        false),
                new Expectation(
                        "rename optional field",
                        replace("note", Types.NestedField.optional(2, "comment", Types.StringType.get())),
                        true,
                        true),
                new Expectation(
                        "nested: add required field",
                        replace(
                                "customer",
                                Types.NestedField.optional(
                                        6,
                                        "customer",
                                        Types.StructType.of(
                                                Types.NestedField.required(7, "name", Types.StringType.get()),
                                                Types.NestedField.optional(8, "zip", Types.StringType.get()),
                                                Types.NestedField.required(21, "city", Types.StringType.get())))),
                        false,
                        true),
                new Expectation(
                        "nested: delete required field",
                        replace(
                                "customer",
                                Types.NestedField.optional(
                                        6,
                                        "customer",
                                        Types.StructType.of(
                                                Types.NestedField.optional(8, "zip", Types.StringType.get())))),
                        true,
                        false),
                new Expectation(
                        "list element int to string",
                        replace(
                                "labels",
                                Types.NestedField.optional(
                                        9, "labels", Types.ListType.ofOptional(10, Types.IntegerType.get()))),
                        false,
                        false),
                new Expectation(
                        "list element made required",
                        replace(
                                "labels",
                                Types.NestedField.optional(
                                        9, "labels", Types.ListType.ofRequired(10, Types.StringType.get()))),
                        false,
                        true),
                new Expectation(
                        "map value int to long",
                        replace(
                                "attrs",
                                Types.NestedField.optional(
                                        11,
                                        "attrs",
                                        Types.MapType.ofOptional(
                                                12, 13, Types.StringType.get(), Types.LongType.get()))),
                        true,
                        false),
                new Expectation(
                        "struct to string",
                        replace("customer", Types.NestedField.optional(6, "customer", Types.StringType.get())),
                        false,
                        false));
    }

    static List<Arguments> matrix() {
        return changes().stream()
                .flatMap(e -> Stream.of(
                        Arguments.of(e.change(), e.proposed(), CompatibilityMode.BACKWARD, e.backward()),
                        Arguments.of(e.change(), e.proposed(), CompatibilityMode.FORWARD, e.forward()),
                        Arguments.of(e.change(), e.proposed(), CompatibilityMode.FULL, e.backward() && e.forward()),
                        Arguments.of(e.change(), e.proposed(), CompatibilityMode.NONE, true)))
                .toList();
    }

    @ParameterizedTest(name = "{0} under {2}: compatible = {3}")
    @MethodSource("matrix")
    void judgesEveryChangeUnderEveryMode(String change, Schema proposed, CompatibilityMode mode, boolean compatible) {
        List<Incompatibility> problems = SchemaCompatibility.check(BASE, proposed, mode);
        if (compatible) {
            assertThat(problems).as(change + " under " + mode).isEmpty();
        } else {
            assertThat(problems).as(change + " under " + mode).isNotEmpty();
            assertThat(problems).allSatisfy(p -> {
                assertThat(p.pointer()).startsWith("/");
                assertThat(p.reason()).isNotBlank();
            });
        }
    }

    @Test
    void namesTheFieldTheChangeAndTheBrokenDirection() {
        Schema proposed = replace(
                "customer",
                Types.NestedField.optional(
                        6,
                        "customer",
                        Types.StructType.of(
                                Types.NestedField.required(7, "name", Types.StringType.get()),
                                Types.NestedField.optional(8, "zip", Types.IntegerType.get()))));
        List<Incompatibility> problems = SchemaCompatibility.check(BASE, proposed, CompatibilityMode.FULL);
        assertThat(problems)
                .extracting(
                        Incompatibility::pointer,
                        Incompatibility::field,
                        Incompatibility::change,
                        Incompatibility::previous,
                        Incompatibility::proposed,
                        Incompatibility::rule)
                .containsExactly(
                        Tuple.tuple(
                                "/customer/zip",
                                "customer.zip",
                                Incompatibility.CHANGE_TYPE,
                                "optional string",
                                "optional int",
                                CompatibilityMode.BACKWARD),
                        Tuple.tuple(
                                "/customer/zip",
                                "customer.zip",
                                Incompatibility.CHANGE_TYPE,
                                "optional string",
                                "optional int",
                                CompatibilityMode.FORWARD));
    }

    @Test
    void addedRequiredFieldIsReportedAsAddedAndDeletedRequiredAsRemoved() {
        Schema added = add(Types.NestedField.required(20, "extra", Types.StringType.get()));
        assertThat(SchemaCompatibility.check(BASE, added, CompatibilityMode.BACKWARD))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.change()).isEqualTo(Incompatibility.CHANGE_ADDED_REQUIRED);
                    assertThat(p.pointer()).isEqualTo("/extra");
                    assertThat(p.previous()).isNull();
                    assertThat(p.proposed()).isEqualTo("required string");
                });
        assertThat(SchemaCompatibility.check(BASE, without("count"), CompatibilityMode.FORWARD))
                .singleElement()
                .satisfies(p -> {
                    assertThat(p.change()).isEqualTo(Incompatibility.CHANGE_REMOVED_REQUIRED);
                    assertThat(p.pointer()).isEqualTo("/count");
                    assertThat(p.rule()).isEqualTo(CompatibilityMode.FORWARD);
                });
    }

    @Test
    void pointersEscapeSlashAndTilde() {
        Schema base = new Schema(Types.NestedField.optional(1, "a/b~c", Types.StringType.get()));
        Schema proposed = new Schema(Types.NestedField.optional(1, "a/b~c", Types.LongType.get()));
        assertThat(SchemaCompatibility.check(base, proposed, CompatibilityMode.BACKWARD))
                .singleElement()
                .extracting(Incompatibility::pointer)
                .isEqualTo("/a~1b~0c");
    }

    @Test
    void promotionsAreOneWay() {
        assertThat(SchemaCompatibility.readable(Types.IntegerType.get(), Types.LongType.get()))
                .isTrue();
        assertThat(SchemaCompatibility.readable(Types.LongType.get(), Types.IntegerType.get()))
                .isFalse();
        assertThat(SchemaCompatibility.readable(Types.FloatType.get(), Types.DoubleType.get()))
                .isTrue();
        assertThat(SchemaCompatibility.readable(Types.DoubleType.get(), Types.FloatType.get()))
                .isFalse();
        assertThat(SchemaCompatibility.readable(Types.DecimalType.of(9, 2), Types.DecimalType.of(18, 2)))
                .isTrue();
        assertThat(SchemaCompatibility.readable(Types.DecimalType.of(18, 2), Types.DecimalType.of(9, 2)))
                .isFalse();
        assertThat(SchemaCompatibility.readable(Types.IntegerType.get(), Types.DoubleType.get()))
                .isFalse();
        assertThat(SchemaCompatibility.readable(Types.DateType.get(), Types.TimestampType.withoutZone()))
                .isFalse();
    }

    @Test
    void contractRulesUseTheModeTheTableHasAfterTheCommit() {
        TableIdentifier id = TableIdentifier.of("sales", "orders");
        TableMetadata base = TableMetadata.newTableMetadata(
                BASE,
                PartitionSpec.unpartitioned(),
                SortOrder.unsorted(),
                "file:/tmp/orders",
                Map.of(DatasetProperties.COMPATIBILITY, "BACKWARD"));
        Schema breaking = new Schema(Stream.concat(
                        base.schema().columns().stream(),
                        Stream.of(Types.NestedField.required(base.lastColumnId() + 1, "extra", Types.StringType.get())))
                .toList());
        TableMetadata updated = TableMetadata.buildFrom(base)
                .setCurrentSchema(breaking, base.lastColumnId() + 1)
                .build();
        assertThatThrownBy(() -> ContractRules.check(id, base, updated))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("extra")
                .hasMessageContaining("BACKWARD");

        TableMetadata relaxed = TableMetadata.buildFrom(base)
                .setCurrentSchema(breaking, base.lastColumnId() + 1)
                .setProperties(Map.of(DatasetProperties.COMPATIBILITY, "NONE"))
                .build();
        ContractRules.check(id, base, relaxed);

        TableMetadata noMode = TableMetadata.newTableMetadata(
                BASE, PartitionSpec.unpartitioned(), SortOrder.unsorted(), "file:/tmp/orders", Map.of());
        ContractRules.check(
                id,
                noMode,
                TableMetadata.buildFrom(noMode)
                        .setCurrentSchema(breaking, noMode.lastColumnId() + 1)
                        .build());

        TableMetadata invalid = TableMetadata.buildFrom(base)
                .setProperties(Map.of(DatasetProperties.COMPATIBILITY, "SIDEWAYS"))
                .build();
        assertThatThrownBy(() -> ContractRules.check(id, base, invalid))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SIDEWAYS");
    }

    @Test
    void evolutionKeepsFieldIdsByNameAndNumbersNewFieldsAfterTheLast() {
        Schema proposed = new Schema(
                Types.NestedField.required(100, "id", Types.LongType.get()),
                Types.NestedField.optional(
                        101,
                        "customer",
                        Types.StructType.of(
                                Types.NestedField.optional(102, "zip", Types.StringType.get()),
                                Types.NestedField.optional(103, "city", Types.StringType.get()))),
                Types.NestedField.optional(104, "fresh", Types.ListType.ofOptional(105, Types.StringType.get())));
        AtomicInteger last = new AtomicInteger(13);
        Schema evolved = SchemaEvolution.evolve(BASE, proposed, last);
        assertThat(evolved.findField("id").fieldId()).isEqualTo(1);
        assertThat(evolved.findField("customer").fieldId()).isEqualTo(6);
        assertThat(evolved.findField("customer.zip").fieldId()).isEqualTo(8);
        assertThat(evolved.findField("customer.city").fieldId()).isEqualTo(14);
        assertThat(evolved.findField("fresh").fieldId()).isEqualTo(15);
        assertThat(last.get()).isEqualTo(16);
    }

    private static Schema add(Types.NestedField field) {
        List<Types.NestedField> fields = new ArrayList<>(BASE.columns());
        fields.add(field);
        return new Schema(fields);
    }

    private static Schema without(String name) {
        return new Schema(
                BASE.columns().stream().filter(f -> !f.name().equals(name)).toList());
    }

    private static Schema replace(String name, Types.NestedField replacement) {
        return new Schema(BASE.columns().stream()
                .map(f -> f.name().equals(name) ? replacement : f)
                .toList());
    }
}
