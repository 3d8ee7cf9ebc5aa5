import { ArrayMaxSize, ArrayMinSize, IsInt, IsOptional, Length, Max, MaxLength, Min } from 'class-validator';
import { Field, InputType, Int } from 'type-graphql';
import { WebhookEvent } from './enums';
import { says } from '../shared/validation';

@InputType()
export class RegisterWebhookInput {
  @Field({ description: 'https URL (http and private addresses only in development)' }) @MaxLength(2000) url!: string;
  @Field(() => [WebhookEvent]) @ArrayMinSize(1, says('validation.subscribeOneEvent')) @ArrayMaxSize(20) events!: WebhookEvent[];
  @Field({ description: 'Your secret for the HMAC-SHA256 signature (32 to 200 characters, e.g. openssl rand -hex 32); never shown again' })
  @Length(32, 200, says('validation.webhookSecret')) secret!: string;
  @Field(() => String, { nullable: true }) @IsOptional() @MaxLength(200) description?: string | null;
  @Field(() => Int, { defaultValue: 60, description: 'Deliveries per minute at most (1 to 6000)' }) @IsInt() @Min(1) @Max(6000) ratePerMinute!: number;
}
