// The one DynamoDB table: reports, submission log, reminder log, contacts (see shared/adapters).
import { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';

/** The table's one GSI (report history by province, submissions by date): a contract with the adapters. */
export const GSI1_NAME = 'gsi1';

export class ReportTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, 'Table', {
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'sk', type: dynamodb.AttributeType.STRING },
      // A burst at each deadline and near silence otherwise: pay per request.
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // Portal tokens, sessions and rate counters carry an expiry (shared/adapters/portal-store.ts TTL_ATTRIBUTE).
      timeToLiveAttribute: 'ttl',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: GSI1_NAME,
      partitionKey: { name: 'gsi1pk', type: dynamodb.AttributeType.STRING },
      sortKey: { name: 'gsi1sk', type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }

  /** ARN of the GSI, named exactly (no index/* wildcard in policies). */
  get indexArn(): string {
    return `${this.table.tableArn}/index/${GSI1_NAME}`;
  }
}
