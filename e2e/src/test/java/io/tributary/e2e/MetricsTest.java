package io.tributary.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** The calls made through the gateway show up in each service's own Prometheus metrics. */
@Order(3)
class MetricsTest {

    static final java.util.List<String> AREAS = Suite.AREAS;

    @ParameterizedTest
    @FieldSource("AREAS")
    void serviceCountsItsAdminCallsAndDenials(String area) {
        String path = "/api/" + area + "/v1/admin/config";
        String admin = Suite.userToken("ada");
        String analyst = Suite.userToken("ana");
        double okBefore = requestsCount(area, path, "200");
        double deniedBefore = denied(area, "forbidden");

        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(admin).get(Suite.gateway() + path).then().statusCode(200);
        }
        given().auth().oauth2(analyst).get(Suite.gateway() + path).then().statusCode(403);

        assertThat(requestsCount(area, path, "200")).isEqualTo(okBefore + 3);
        assertThat(denied(area, "forbidden")).isEqualTo(deniedBefore + 1);
    }

    @ParameterizedTest
    @FieldSource("AREAS")
    void gatewayCountsProxiedRequestsPerRoute(String area) {
        double before = gatewayCount(area);
        given().auth()
                .oauth2(Suite.userToken("ada"))
                .get(Suite.gateway() + "/api/" + area + "/v1/admin/config")
                .then()
                .statusCode(200);
        assertThat(gatewayCount(area)).isGreaterThanOrEqualTo(before + 1);
    }

    private static String metrics(String baseUrl) {
        return given().get(baseUrl + "/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
    }

    private static double requestsCount(String area, String uri, String status) {
        return sum(
                metrics(Suite.serviceUrl(area)),
                "http_server_requests_seconds_count",
                "uri=\"" + uri + "\"",
                "status=\"" + status + "\"");
    }

    private static double denied(String area, String reason) {
        return sum(
                metrics(Suite.serviceUrl(area)),
                "tributary_security_denied_requests_total",
                "reason=\"" + reason + "\"");
    }

    private static double gatewayCount(String area) {
        return sum(metrics(Suite.gateway()), "tributary_gateway_requests_total", "route=\"" + area + "\"");
    }

    /** Sums the samples of a metric whose labels contain every given label. */
    static double sum(String exposition, String metric, String... labels) {
        Pattern line = Pattern.compile("^" + Pattern.quote(metric) + "\\{([^}]*)\\} ([0-9.eE+-]+)$", Pattern.MULTILINE);
        Matcher matcher = line.matcher(exposition);
        double total = 0;
        while (matcher.find()) {
            String found = matcher.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= found.contains(label);
            }
            if (all) {
                total += Double.parseDouble(matcher.group(2));
            }
        }
        return total;
    }
}
