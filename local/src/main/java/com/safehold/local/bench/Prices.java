package com.safehold.local.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AWS list prices, region us-east-1 (the region whose prices could be confirmed from sources here; Frankfurt
 * is some 10-20 % higher), on-demand, no free tier, as written down in docs/benchmarks.md with their sources
 * and dates. Update both together.
 */
final class Prices {

    static final String REGION = "us-east-1";
    static final String READ_ON = "2026-11-23";
    /** Lambda, arm64, per GB-second of duration. */
    static final double LAMBDA_GB_SECOND = 0.0000133334;
    static final double LAMBDA_PER_MILLION_REQUESTS = 0.20;
    /** API Gateway HTTP API, first 300 million requests a month. */
    static final double HTTP_API_PER_MILLION = 1.00;
    /** DynamoDB on-demand, Standard table class. */
    static final double DYNAMODB_PER_MILLION_WRITE_UNITS = 0.625;
    static final double DYNAMODB_PER_MILLION_READ_UNITS = 0.125;
    /** SQS FIFO (the escrow queue is FIFO; standard queues cost less), per million 64 KB requests. */
    static final double SQS_FIFO_PER_MILLION = 0.50;
    static final double SNS_PER_MILLION_PUBLISHES = 0.50;
    static final double KMS_PER_10_000_REQUESTS = 0.03;

    private Prices() {}

    /** Dollars per 1,000 lifecycles like this one, item by item, and their total. */
    static Map<String, Double> costPer1000(LifecycleReport.Totals t) {
        Map<String, Double> items = new LinkedHashMap<>();
        items.put("Lambda requests", t.lambdaRequests() * LAMBDA_PER_MILLION_REQUESTS / 1000);
        items.put("Lambda duration (GB-s, warm)", t.lambdaGbSeconds() * LAMBDA_GB_SECOND * 1000);
        items.put("API Gateway HTTP API", t.apiRequests() * HTTP_API_PER_MILLION / 1000);
        items.put("DynamoDB reads", t.readUnits() * DYNAMODB_PER_MILLION_READ_UNITS / 1000);
        items.put("DynamoDB writes", t.writeUnits() * DYNAMODB_PER_MILLION_WRITE_UNITS / 1000);
        items.put("SQS", t.sqsRequests() * SQS_FIFO_PER_MILLION / 1000);
        items.put("SNS", t.snsPublishes() * SNS_PER_MILLION_PUBLISHES / 1000);
        items.put("KMS", t.kmsRequests() * KMS_PER_10_000_REQUESTS / 10);
        items.put("**total**", items.values().stream().mapToDouble(Double::doubleValue).sum());
        return items;
    }
}
