package com.safehold.infrastructure;

import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.QueueDef;
import com.safehold.catalog.TableDef;
import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.apigatewayv2.HttpRoute;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.dynamodb.Table;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.lambda.Function;

/**
 * Every cdk-nag (AwsSolutions) suppression of the stack, each scoped to one resource and, for IAM5, to
 * the exact wildcard it accepts. docs/deploy.md lists them; keep the two in step.
 */
final class NagJustifications {

    static final String PUBLIC_ROUTE_REASON = "PUBLIC in the catalog: signup, login and the MFA challenge are"
            + " called before the caller has a token (SPEC 3). The handler checks credentials itself and counts"
            + " failures toward the lockout.";

    static final String MFA_OPTIONAL_REASON = "MFA is OPTIONAL at the pool because the API enforces TOTP per"
            + " role (required for provider, merchant and admin, optional for customer) and for every role in"
            + " HIPAA mode (SPEC 4.1, 4.2). REQUIRED at the pool would force every customer to enrol.";

    static final String KMS_WILDCARD_REASON = "kms:GenerateDataKey* and kms:ReEncrypt* are the actions the CDK"
            + " grants for writing to a DynamoDB table or SQS queue encrypted with a customer-managed key. The"
            + " statement's resource is the one Safehold key, not '*'.";

    static final String INDEX_WILDCARD_REASON = "Query on the global secondary indexes of a table this function"
            + " may read per the catalog: the wildcard is <table ARN>/index/*, that table's indexes only.";

    static final String PASSWORD_FLOOR_REASON = "The pool's password policy is only the floor (8 characters) under"
            + " Safehold's configurable rules, which the API enforces on signup and every password change (default:"
            + " 12 characters, all classes, history 5; SPEC 4.2). Composition rules are optional in the settings, as"
            + " NIST SP 800-63B recommends; a stricter pool policy would refuse passwords the settings allow.";

    static final String HMAC_ROTATION_REASON = "KMS cannot rotate HMAC keys automatically. Rotating this key"
            + " would change every blind index (lockout counters and trusted devices, all short-lived), so a manual"
            + " rotation is possible at any time without data loss; see docs/deploy.md.";

    static final String NO_KEY_BACKUPS_REASON = "This table holds only the per-person data keys, wrapped by KMS."
            + " Erasure destroys a person's key here (crypto-shredding, SPEC 4.7); a point-in-time backup would keep"
            + " the key and undo the erasure for 35 days. Deletion protection and RETAIN guard the table instead;"
            + " see docs/decisions/0011-per-person-keys.md.";

    private NagJustifications() {}

    /** DDB3: the per-person key table keeps no point-in-time backups, so erasure is final. */
    static void tableWithoutBackups(Table table) {
        NagSuppressions.addResourceSuppressions(table, List.of(suppression("AwsSolutions-DDB3", NO_KEY_BACKUPS_REASON)));
    }

    /** KMS5: HMAC keys do not support automatic rotation. */
    static void hmacKeyWithoutRotation(Key key) {
        NagSuppressions.addResourceSuppressions(key, List.of(suppression("AwsSolutions-KMS5", HMAC_ROTATION_REASON)));
    }

    /** APIG4: a route the catalog marks PUBLIC has no authorizer by design. */
    static void publicRoute(HttpRoute route) {
        NagSuppressions.addResourceSuppressions(route, List.of(suppression("AwsSolutions-APIG4", PUBLIC_ROUTE_REASON)));
    }

    /** COG2: the pool leaves MFA optional; the API enforces it per role. COG1: the password floor. */
    static void userPool(UserPool userPool) {
        NagSuppressions.addResourceSuppressions(userPool, List.of(
                suppression("AwsSolutions-COG2", MFA_OPTIONAL_REASON),
                suppression("AwsSolutions-COG1", PASSWORD_FLOOR_REASON)));
    }

    /**
     * IAM5 on a function's role, limited to the wildcards its catalog grants produce. Call after every
     * grant: suppressions attach only to policies that exist at the time.
     */
    static void functionGrants(Function function, FunctionDef definition, List<QueueDef> queues, DataTables tables) {
        List<Object> wildcards = new ArrayList<>();
        boolean writesEncryptedData = definition.tables().containsValue(FunctionDef.Access.READ_WRITE)
                || queues.stream().anyMatch(queue -> queue.producers().contains(definition));
        if (writesEncryptedData) {
            wildcards.add("Action::kms:GenerateDataKey*");
            wildcards.add("Action::kms:ReEncrypt*");
        }
        List<String> indexReasons = new ArrayList<>();
        for (TableDef tableDef : definition.tables().keySet()) {
            if (!tableDef.indexes().isEmpty()) {
                wildcards.add("Resource::<" + logicalId(tables.table(tableDef)) + ".Arn>/index/*");
                indexReasons.add(tableDef.name());
            }
        }
        if (wildcards.isEmpty()) {
            return;
        }
        String reason = (writesEncryptedData ? KMS_WILDCARD_REASON + " " : "")
                + (indexReasons.isEmpty() ? "" : INDEX_WILDCARD_REASON + " Tables: " + String.join(", ", indexReasons) + ".");
        NagSuppressions.addResourceSuppressions(function.getRole(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason(reason.strip())
                .appliesTo(wildcards)
                .build()), true);
    }

    private static String logicalId(Table table) {
        return Stack.of(table).getLogicalId((CfnElement) table.getNode().getDefaultChild());
    }

    private static NagPackSuppression suppression(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }
}
