/**
 * cdk-nag names a finding after the resource it flags. In an ARN the stack builds from its
 * own partition, region and account, those are placeholders while unknown
 * (`<AWS::Region>`) and their values once `-c account=... -c region=...` pins them; an
 * acknowledgement must name it the same way, or it misses and synthesis fails. (An AWS
 * managed policy's ARN keeps `<AWS::Partition>` either way: don't pass those through.)
 */
import { type Stack, Token } from 'aws-cdk-lib';

export function findingFor(stack: Stack, finding: string): string {
  const known = (value: string, placeholder: string) =>
    Token.isUnresolved(value) ? placeholder : value;
  return finding
    .replaceAll('<AWS::Partition>', known(stack.partition, '<AWS::Partition>'))
    .replaceAll('<AWS::Region>', known(stack.region, '<AWS::Region>'))
    .replaceAll('<AWS::AccountId>', known(stack.account, '<AWS::AccountId>'));
}
