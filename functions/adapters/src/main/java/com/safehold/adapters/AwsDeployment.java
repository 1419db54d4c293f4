package com.safehold.adapters;

import com.safehold.adapters.cognito.CognitoIdentityProvider;
import com.safehold.adapters.crypto.EnvelopeFieldCipher;
import com.safehold.adapters.crypto.KmsBlindIndex;
import com.safehold.adapters.crypto.KmsDataKeySource;
import com.safehold.catalog.FunctionDef;
import com.safehold.catalog.TableDef;
import com.safehold.domain.accounts.IdentityProvider;
import com.safehold.domain.common.Clock;
import com.safehold.domain.common.Ids;
import com.safehold.domain.crypto.BlindIndex;
import com.safehold.domain.crypto.FieldCipher;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The deployment inside AWS Lambda, configured by the environment variables the CDK app sets. Clients
 * are built on first use and then reused for the life of the execution environment.
 */
public final class AwsDeployment implements Deployment {

    private final Map<String, String> environment;
    private final Supplier<DynamoDbClient> dynamoDb;
    private final Supplier<FieldCipher> fieldCipher;
    private final Supplier<IdentityProvider> identityProvider;
    private final Supplier<BlindIndex> blindIndex;
    private final Ids ids = Ids.random();

    private AwsDeployment(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
        this.dynamoDb = Memoized.of(() -> AwsClients.dynamoDb(AwsClients.fromEnvironment(environment)));
        this.fieldCipher = Memoized.of(() -> new EnvelopeFieldCipher(new KmsDataKeySource(
                AwsClients.kms(AwsClients.fromEnvironment(environment)), required(FunctionDef.KMS_KEY_VARIABLE))));
        this.identityProvider = Memoized.of(() -> new CognitoIdentityProvider(
                AwsClients.cognito(AwsClients.fromEnvironment(environment)),
                required(FunctionDef.USER_POOL_VARIABLE), required(FunctionDef.USER_POOL_CLIENT_VARIABLE)));
        this.blindIndex = Memoized.of(() -> new KmsBlindIndex(
                AwsClients.kms(AwsClients.fromEnvironment(environment)), required(FunctionDef.HMAC_KEY_VARIABLE)));
    }

    @Override
    public IdentityProvider identityProvider() {
        return identityProvider.get();
    }

    @Override
    public BlindIndex blindIndex() {
        return blindIndex.get();
    }

    public static AwsDeployment fromEnvironment() {
        return new AwsDeployment(System.getenv());
    }

    @Override
    public Clock clock() {
        return Clock.system();
    }

    @Override
    public Ids ids() {
        return ids;
    }

    @Override
    public DynamoDbClient dynamoDb() {
        return dynamoDb.get();
    }

    @Override
    public FieldCipher fieldCipher() {
        return fieldCipher.get();
    }

    @Override
    public String tableName(TableDef table) {
        return required(table.environmentVariable());
    }

    private String required(String variable) {
        String value = environment.get(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("environment variable " + variable + " is not set");
        }
        return value;
    }
}
