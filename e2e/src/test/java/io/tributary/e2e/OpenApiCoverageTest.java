package io.tributary.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jboss.jandex.AnnotationInstance;
import org.jboss.jandex.ClassInfo;
import org.jboss.jandex.DotName;
import org.jboss.jandex.Index;
import org.jboss.jandex.Indexer;
import org.jboss.jandex.MethodInfo;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every JAX-RS route a service serves is in the OpenAPI document the auth sweep reads, so no route escapes
 * {@link AuthSweepTest}.
 *
 * <p>The routes do not come from the service's own OpenAPI output, which leaves out exactly what this test must catch.
 * They are read with Jandex from the bytecode the running service executes: its {@code target/quarkus-app} application
 * jar and the project's own libraries beside it ({@code lib/main/io.tributary.*}). Every concrete class whose class,
 * superclass or interface carries {@code @Path} is a resource, and every method with an HTTP method annotation, its
 * own or inherited, is a route. A resource marked {@code @Operation(hidden = true)}, one in a package the OpenAPI scan
 * skips, or one excluded by {@code mp.openapi.scan.*} is still found here and fails the test. Sub-resource locators
 * ({@code @Path} without an HTTP method) cannot be enumerated statically and fail it too.
 *
 * <p>Compare against a running service built from the same checkout ({@code ./tributary test} builds, then starts).
 */
@Order(2)
class OpenApiCoverageTest {

    private static final DotName PATH = DotName.createSimple("jakarta.ws.rs.Path");
    private static final Pattern ALTERNATION =
            Pattern.compile("\\{\\s*[^}:\\s]+\\s*:\\s*([\\w./-]+(?:\\s*\\|\\s*[\\w./-]+)+)\\s*}");
    private static final DotName HTTP_METHOD = DotName.createSimple("jakarta.ws.rs.HttpMethod");
    private static final Map<DotName, String> METHODS = Map.of(
            DotName.createSimple("jakarta.ws.rs.GET"),
            "GET",
            DotName.createSimple("jakarta.ws.rs.POST"),
            "POST",
            DotName.createSimple("jakarta.ws.rs.PUT"),
            "PUT",
            DotName.createSimple("jakarta.ws.rs.DELETE"),
            "DELETE",
            DotName.createSimple("jakarta.ws.rs.HEAD"),
            "HEAD",
            DotName.createSimple("jakarta.ws.rs.PATCH"),
            "PATCH",
            DotName.createSimple("jakarta.ws.rs.OPTIONS"),
            "OPTIONS");

    @ParameterizedTest
    @ValueSource(strings = {"catalog", "ingest", "query", "governance", "gateway"})
    void everyServedRouteIsDocumented(String service) {
        Set<String> served = servedRoutes(service);
        assertThat(served).as("JAX-RS routes found in %s's jars", service).isNotEmpty();
        Set<String> documented = new TreeSet<>();
        List<ApiOperation> operations = service.equals("gateway")
                ? ApiOperation.of(ApiOperation.document(Suite.gateway() + "/q/openapi?format=json"), "gateway")
                : AuthSweepTest.operations();
        operations.forEach(op -> documented.add(op.method() + " " + normalize(op.template())));
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        assertThat(undocumented)
                .as("routes %s serves that the OpenAPI document lacks", service)
                .isEmpty();
        System.out.printf("openapi coverage: %s serves %d JAX-RS routes, all documented%n", service, served.size());
    }

    /** {@code "GET /api/catalog/v1/datasets"} for every route the service's bytecode declares. */
    static Set<String> servedRoutes(String service) {
        Index index = index(service);
        Set<String> routes = new TreeSet<>();
        for (ClassInfo resource : index.getKnownClasses()) {
            if (resource.isInterface() || java.lang.reflect.Modifier.isAbstract(resource.flags())) {
                continue;
            }
            String root = classPath(index, resource);
            if (root == null) {
                continue;
            }
            Map<String, String> bySignature = new HashMap<>();
            for (ClassInfo type : hierarchy(index, resource)) {
                for (MethodInfo method : type.methods()) {
                    String signature = method.name() + method.parameterTypes();
                    if (bySignature.containsKey(signature)) {
                        continue;
                    }
                    String verb = httpMethod(index, method);
                    AnnotationInstance path = method.declaredAnnotation(PATH);
                    if (verb == null && path != null) {
                        routes.add(
                                "LOCATOR " + normalize(root + "/" + path.value().asString())
                                        + " (sub-resource locator in " + type.name() + ")");
                    }
                    if (verb != null) {
                        bySignature.put(signature, verb);
                        String full =
                                root + (path == null ? "" : "/" + path.value().asString());
                        alternatives(full).forEach(route -> routes.add(verb + " " + normalize(route)));
                    }
                }
            }
        }
        return routes;
    }

    /** The class, then its superclasses, then all their interfaces, as far as the index knows them. */
    private static List<ClassInfo> hierarchy(Index index, ClassInfo type) {
        List<ClassInfo> order = new ArrayList<>();
        for (ClassInfo c = type; c != null; c = c.superName() == null ? null : index.getClassByName(c.superName())) {
            order.add(c);
        }
        List<ClassInfo> interfaces = new ArrayList<>();
        for (ClassInfo c : order) {
            c.interfaceNames().stream()
                    .map(index::getClassByName)
                    .filter(i -> i != null)
                    .forEach(interfaces::add);
        }
        order.addAll(interfaces);
        return order;
    }

    private static String classPath(Index index, ClassInfo resource) {
        for (ClassInfo type : hierarchy(index, resource)) {
            AnnotationInstance path = type.declaredAnnotation(PATH);
            if (path != null) {
                return path.value().asString();
            }
        }
        return null;
    }

    private static String httpMethod(Index index, MethodInfo method) {
        for (AnnotationInstance annotation : method.declaredAnnotations()) {
            String verb = METHODS.get(annotation.name());
            if (verb != null) {
                return verb;
            }
            ClassInfo custom = index.getClassByName(annotation.name());
            AnnotationInstance meta = custom == null ? null : custom.declaredAnnotation(HTTP_METHOD);
            if (meta != null) {
                return meta.value().asString().toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    /**
     * One path per alternative of a parameter whose pattern is a plain alternation ({@code {base: v1|catalog/v1}}): the
     * service's document lists each, as a client calls them.
     */
    static List<String> alternatives(String path) {
        Matcher alternation = ALTERNATION.matcher(path);
        if (!alternation.find()) {
            return List.of(path);
        }
        List<String> paths = new ArrayList<>();
        for (String option : alternation.group(1).split("\\|")) {
            paths.addAll(alternatives(
                    path.substring(0, alternation.start()) + option.trim() + path.substring(alternation.end())));
        }
        return paths;
    }

    /** One slash between segments, none at the end, and {@code {name: regex}} written as {@code {name}}. */
    static String normalize(String path) {
        String normalized =
                ("/" + path).replaceAll("\\{\\s*([^}:\\s]+)\\s*:[^}]*}", "{$1}").replaceAll("/+", "/");
        return normalized.length() > 1 && normalized.endsWith("/")
                ? normalized.substring(0, normalized.length() - 1)
                : normalized;
    }

    private static Index index(String service) {
        Path app = Path.of("..", service.equals("gateway") ? "gateway" : service + "-service", "target", "quarkus-app");
        assertThat(app.resolve("quarkus-run.jar"))
                .as("the %s build the launcher runs", service)
                .exists();
        Indexer indexer = new Indexer();
        try (Stream<Path> appJars = Files.list(app.resolve("app"));
                Stream<Path> libJars = Files.list(app.resolve("lib").resolve("main"))) {
            List<Path> jars = new ArrayList<>(
                    appJars.filter(p -> p.toString().endsWith(".jar")).toList());
            jars.addAll(libJars.filter(p -> p.getFileName().toString().startsWith("io.tributary."))
                    .toList());
            for (Path jar : jars) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    for (Enumeration<JarEntry> entries = file.entries(); entries.hasMoreElements(); ) {
                        JarEntry entry = entries.nextElement();
                        if (entry.getName().endsWith(".class")
                                && !entry.getName().endsWith("module-info.class")) {
                            try (InputStream in = file.getInputStream(entry)) {
                                indexer.index(in);
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return indexer.complete();
    }
}
