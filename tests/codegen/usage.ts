// Client code using the generated types; `tsc --noEmit` proves they say what zhdj answers.
import type {
  BranchMembersQuery,
  BranchMembersQueryVariables,
  MemberStatus,
  SubmitPetitionMutationVariables,
  TickerSubscription,
} from "./generated/graphql";

export const page: BranchMembersQueryVariables = { under: "T3JnYW5pemF0aW9uOjE=", first: 20 };

export function names(result: BranchMembersQuery): string[] {
  return result.members.nodes.map((member) => `${member.name} (${member.branch?.name ?? "-"})`);
}

export function isFull(status: MemberStatus): boolean {
  return status === "FULL";
}

export const petition: SubmitPetitionMutationVariables = {
  input: { title: "楼道灯坏了", content: "3号楼2单元楼道灯不亮", categoryId: "x", gridId: "y" },
};

export function headline(event: TickerSubscription["events"]): string {
  const when: string = event.occurredAt;
  return event.__typename === "PetitionEvent"
    ? `${when} ${event.petition?.title ?? ""} ${event.petition?.status ?? ""}`
    : `${when} ${event.type}`;
}
