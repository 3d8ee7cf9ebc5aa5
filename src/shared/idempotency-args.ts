import { ArgsType, Field } from 'type-graphql';
import { Matches } from 'class-validator';

/** The optional `idempotencyKey` of a mutation that may be retried; validated like every argument (src/shared/validation.ts). */
@ArgsType()
export class IdempotencyArgs {
  @Field(() => String, {
    nullable: true,
    description: 'A key of yours (8 to 100 characters) for this request: a retry with the same key returns the first result instead of acting twice',
  })
  @Matches(/^[\x21-\x7e]{8,100}$/, { message: 'idempotencyKey must be 8 to 100 visible ASCII characters, e.g. a UUID' })
  idempotencyKey?: string | null;
}
