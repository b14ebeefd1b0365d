#!/usr/bin/env bash
# Builds this example and retrieves one archive end to end from thaw's sandbox (a local Glacier + SNS + SQS):
# the AWS CLI seeds a vault, a topic and a queue; the example's YAML routes do the rest with glacier: URIs.
# Needs: target/thaw.jar at the repository root (mvn package), camel-glacier installed, the AWS CLI, curl.
set -euo pipefail
cd "$(dirname "$0")"
root=../..
work=target/run
rm -rf "$work" && mkdir -p "$work"

mvn -B -q -o package -DskipTests 2>/dev/null || mvn -B -q package -DskipTests

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
java -jar "$root/target/thaw.jar" sandbox --port "$port" --job-delay Expedited=1s --data "$work/sandbox" \
  >"$work/sandbox.log" 2>&1 &
sandbox=$!
trap 'kill $sandbox 2>/dev/null || true' EXIT
endpoint="http://127.0.0.1:$port"
for _ in $(seq 1 60); do curl -s -o /dev/null "$endpoint" && break; sleep 0.5; done

# The sandbox takes any credentials; these are not secrets.
export AWS_ACCESS_KEY_ID=sandbox AWS_SECRET_ACCESS_KEY=sandbox AWS_REGION=us-east-1 AWS_DEFAULT_REGION=us-east-1
export AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null AWS_PAGER=""
aws() { command aws --endpoint-url "$endpoint" --output text "$@"; }

head -c $((3 * 1024 * 1024 + 4321)) /dev/urandom >"$work/photo.bin"
aws glacier create-vault --account-id - --vault-name example >/dev/null
archive_id=$(aws glacier upload-archive --account-id - --vault-name example --archive-description photo.bin \
  --body "$work/photo.bin" --query archiveId)
topic=$(aws sns create-topic --name example-notices --query TopicArn)
queue=$(aws sqs create-queue --queue-name example-notices --query QueueUrl)
queue_arn=$(aws sqs get-queue-attributes --queue-url "$queue" --attribute-names QueueArn --query Attributes.QueueArn)
aws sns subscribe --topic-arn "$topic" --protocol sqs --notification-endpoint "$queue_arn" >/dev/null

VAULT=example ARCHIVE_ID=$archive_id TOPIC_ARN=$topic QUEUE_URL=$queue RESTORED_DIR=$work/restored \
GLACIER_OVERRIDE_ENDPOINT=true GLACIER_ENDPOINT=$endpoint \
  java -cp "target/classes:$(cat target/classpath.txt)" org.apache.camel.main.Main

cmp "$work/photo.bin" "$work/restored/photo.bin"
echo "glacier-retrieve: restored photo.bin ($(stat -c %s "$work/restored/photo.bin") bytes), identical to the upload"
