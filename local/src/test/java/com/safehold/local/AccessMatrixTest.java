package com.safehold.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.safehold.catalog.RouteDef;
import com.safehold.catalog.Routes;
import com.safehold.local.AccessMatrix.Caller;
import com.safehold.local.AccessMatrix.Cell;
import com.safehold.local.AccessMatrix.Entry;
import com.safehold.local.AccessMatrix.Expect;
import com.safehold.local.AccessMatrix.Kind;
import com.safehold.domain.common.Role;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The authorization matrix against the route table, without a platform (docs/decisions/0018): a route added to
 * {@link Routes#ALL} without a matrix entry fails the build here, and so does an entry that breaks a rule of
 * SPEC 3 or 4.2. {@link AuthorizationMatrixTest} then proves every cell over HTTP.
 */
class AccessMatrixTest {

    private static final Set<String> ROUTE_KEYS = Routes.ALL.stream().map(RouteDef::routeKey)
            .collect(Collectors.toSet());

    @Test
    void everyRouteOfTheRouteTable_hasAnEntry() {
        Set<String> covered = AccessMatrix.ENTRIES.stream().map(Entry::routeKey).collect(Collectors.toSet());
        assertThat(Routes.ALL).extracting(RouteDef::routeKey)
                .as("routes without an entry in AccessMatrix.ENTRIES (docs/decisions/0018-authorization-matrix.md)")
                .allMatch(covered::contains);
    }

    @Test
    void everyEntry_namesARouteOfTheRouteTable_once() {
        assertThat(AccessMatrix.ENTRIES).extracting(Entry::routeKey)
                .as("entries for routes that are not in Routes.ALL").allMatch(ROUTE_KEYS::contains)
                .doesNotHaveDuplicates();
    }

    @Test
    void everyEntry_givesEveryCallerOfTheRoute_anAnswer_andNoOneElse() {
        for (Entry entry : AccessMatrix.ENTRIES) {
            assertThat(entry.expected().keySet()).as(entry.routeKey())
                    .containsExactlyInAnyOrderElementsOf(entry.callers());
        }
    }

    @Test
    void theKindOfEachEntry_isWhatTheRouteTableSays() {
        for (RouteDef def : Routes.ALL) {
            Kind expected = def.auth() == RouteDef.Auth.PUBLIC ? Kind.PUBLIC
                    : def.showsUserData() ? Kind.USER_DATA : Kind.NO_USER_DATA;
            assertThat(AccessMatrix.entry(def.routeKey()).kind())
                    .as(def.routeKey() + ": its auth and showsUserData in Routes.ALL").isEqualTo(expected);
        }
    }

    /** SPEC 3: a bearer access token on every JWT route; the gateway refuses none or a forged one. */
    @Test
    void jwtRoutes_refuseCallersWithoutAValidSession() {
        for (Entry entry : AccessMatrix.ENTRIES) {
            if (entry.kind() == Kind.PUBLIC) {
                continue;
            }
            assertThat(entry.expected().get(Caller.ANONYMOUS)).as(entry.routeKey()).isEqualTo(new Expect(401, null));
            assertThat(entry.expected().get(Caller.FORGED_TOKEN)).as(entry.routeKey()).isEqualTo(new Expect(401, null));
            assertThat(entry.expected().get(Caller.REVOKED_TOKEN)).as(entry.routeKey())
                    .isEqualTo(new Expect(401, "session_ended"));
        }
    }

    /**
     * SPEC 3: "a resource the caller may not see answers 404 (not 403)". Where the owner of a role may act on
     * its resource and not everyone may, the same role on someone else's gets 404, exactly as for an id that
     * does not exist. (An offer is shown to everyone signed in, so it is nobody's secret.)
     */
    @Test
    void whereAnOwnerMayAct_aNonOwnerOfTheSameRole_getsNotFound() {
        List<String> violations = new ArrayList<>();
        for (Entry entry : AccessMatrix.ENTRIES) {
            boolean restricted = entry.callers().stream().filter(Caller::signedIn)
                    .anyMatch(c -> !entry.expected().get(c).success());
            for (Role role : restricted ? entry.owners() : Set.<Role>of()) {
                Caller owner = Caller.owning(role);
                if (entry.expected().get(owner).success()
                        && !entry.expected().get(owner.otherOne()).equals(AccessMatrix.NOT_FOUND)) {
                    violations.add(entry.routeKey() + " as " + owner.otherOne() + ": "
                            + entry.expected().get(owner.otherOne()));
                }
            }
        }
        assertThat(violations).isEmpty();
    }

    /** SPEC 3: every refusal is a problem with a stable code, except the gateway's own 401. */
    @Test
    void everyRefusal_hasAStableCode() {
        for (Entry entry : AccessMatrix.ENTRIES) {
            entry.expected().forEach((caller, expect) -> {
                if (!expect.success() && !(expect.status() == 401 && caller.role() == null && entry.kind() != Kind.PUBLIC)) {
                    assertThat(expect.code()).as(entry.routeKey() + " as " + caller).isNotBlank();
                }
            });
        }
    }

    /** SPEC 4.2: HIPAA mode denies support all access to user data, and changes nothing else. */
    @Test
    void hipaaMode_deniesSupportEveryUserDataRoute_andChangesNoOtherCell() {
        List<Cell> off = AccessMatrix.cells(false);
        List<Cell> on = AccessMatrix.cells(true);
        assertThat(on).hasSameSizeAs(off);
        for (int i = 0; i < on.size(); i++) {
            Cell before = off.get(i);
            Cell after = on.get(i);
            if (after.caller() == Caller.SUPPORT && after.entry().kind() == Kind.USER_DATA) {
                assertThat(after.expected()).as(after.toString()).isEqualTo(AccessMatrix.SUPPORT_ACCESS_DENIED);
            } else {
                assertThat(after.expected()).as(after.toString()).isEqualTo(before.expected());
            }
        }
    }

    @Test
    void theCells_areEveryRouteTimesItsCallers_inBothModes() {
        int perMode = AccessMatrix.ENTRIES.stream().mapToInt(e -> e.callers().size()).sum();
        assertThat(AccessMatrix.cells(false)).hasSize(perMode);
        assertThat(AccessMatrix.cells(true)).hasSize(perMode);
        assertThat(AccessMatrix.cells(false)).extracting(Cell::routeKey).containsAll(ROUTE_KEYS);
    }
}
