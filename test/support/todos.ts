import TestAgent from 'supertest/lib/agent';
import { RegisteredUser } from './factories';

export interface TodoBody {
  id: string;
  title: string;
  notes: string | null;
  completed: boolean;
  completedAt: string | null;
  dueAt: string | null;
  dueDate: string | null;
  priority: number;
  visibility: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** Creates a todo as the user and fails loudly on any status but 201. */
export async function createTodo(
  http: TestAgent,
  user: RegisteredUser,
  fields: Record<string, unknown> = {},
): Promise<TodoBody> {
  const response = await http
    .post('/v1/todos')
    .set('Authorization', user.authorization)
    .send({ title: 'Buy milk', ...fields });
  if (response.status !== 201) {
    throw new Error(`create todo failed with ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body as TodoBody;
}

/** Lists todos as the user with the given query, failing loudly on any status but 200. */
export async function listTodos(
  http: TestAgent,
  user: RegisteredUser,
  query: Record<string, string | number | boolean> = {},
): Promise<{ data: Record<string, unknown>[]; nextCursor: string | null }> {
  const response = await http
    .get('/v1/todos')
    .query(query)
    .set('Authorization', user.authorization);
  if (response.status !== 200) {
    throw new Error(`list todos failed with ${response.status}: ${JSON.stringify(response.body)}`);
  }
  return response.body as { data: Record<string, unknown>[]; nextCursor: string | null };
}

/** Follows nextCursor from the first page to the last and returns every item in order. */
export async function listAllPages(
  http: TestAgent,
  user: RegisteredUser,
  query: Record<string, string | number | boolean>,
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let cursor: string | null = null;
  do {
    const page = await listTodos(http, user, cursor === null ? query : { ...query, cursor });
    items.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}
