package com.safehold.local.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.safehold.adapters.AwsClients;
import com.safehold.catalog.Tables;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The floor a function's cold path is compared with (issue 10): the least a Java Lambda handler that reads
 * DynamoDB can do. Its init builds one DynamoDB client exactly as the functions do ({@link AwsClients}), its
 * invocation makes one {@code GetItem}. It runs from the offers function jar, so it loads the same SDK.
 */
public final class FloorHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {

    private final DynamoDbClient dynamoDb = AwsClients.dynamoDb(AwsClients.fromEnvironment(System.getenv()));
    private final String table = System.getenv(Tables.SETTINGS.environmentVariable());

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        dynamoDb.getItem(r -> r.tableName(table).key(Map.of("settingsId", AttributeValue.fromS("platform"))));
        return APIGatewayV2HTTPResponse.builder().withStatusCode(200).build();
    }
}
