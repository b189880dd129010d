package io.tributary.auth.testing;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The layout every service keeps (docs/architecture.md), checked on its compiled classes: a framework-free
 * {@code core} that knows nothing of the adapters around it ({@code api}, {@code store}, {@code events},
 * {@code config} and any client package), and packages without cycles. Each service runs it
 * through a subclass naming its base package, so a new service starts under the same rules.
 */
public abstract class LayoutContract {

    /** Frameworks a core must not see: it is plain Java, unit tested without them. */
    private static final List<String> FRAMEWORKS =
            List.of("io.quarkus..", "jakarta..", "io.vertx..", "io.smallrye..", "org.eclipse.microprofile..");

    /** Imported once per service for all rules: JUnit makes a new instance for each test. */
    private static final Map<String, JavaClasses> IMPORTED = new ConcurrentHashMap<>();

    /** For example {@code io.tributary.catalog}. */
    protected abstract String basePackage();

    private JavaClasses classes() {
        return IMPORTED.computeIfAbsent(
                basePackage(),
                base -> new ClassFileImporter()
                        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                        .importPackages(base));
    }

    @Test
    void coreImportsNoFramework() {
        noClasses()
                .that()
                .resideInAPackage(basePackage() + ".core..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(FRAMEWORKS.toArray(String[]::new))
                .because("the core is plain Java, unit tested without a framework")
                .allowEmptyShould(true)
                .check(classes());
    }

    @Test
    void coreImportsNothingElseOfTheService() {
        noClasses()
                .that()
                .resideInAPackage(basePackage() + ".core..")
                .should()
                .dependOnClassesThat(
                        resideInAPackage(basePackage() + "..").and(resideOutsideOfPackage(basePackage() + ".core..")))
                .because(
                        "REST resources, persistence, Kafka, clients and configuration adapt the core, never the reverse")
                .allowEmptyShould(true)
                .check(classes());
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching(basePackage() + ".(*)..")
                .should()
                .beFreeOfCycles()
                .allowEmptyShould(true)
                .check(classes());
    }

    /** Every package on its own, sub-packages included: {@code core} and {@code core.body} are two slices. */
    @Test
    void packagesHaveNoCycles() {
        slices().matching(basePackage() + ".(**)")
                .should()
                .beFreeOfCycles()
                .allowEmptyShould(true)
                .check(classes());
    }
}
