// Goal: an attachment upload is a well-formed GraphQL multipart request (operations with the
// file variable nulled, a map pointing part "0" at it, then the file), as Yoga expects.
import { describe, expect, it } from 'vitest';
import { uploadFormData } from '../src/features/task/upload.ts';

describe('uploadFormData', () => {
  it('orders operations, map and file, with variables.file mapped to part 0', async () => {
    const file = new Blob(['hello'], { type: 'text/plain' });
    const form = uploadFormData({
      query: 'mutation U($file: File!) { x }',
      variables: { taskId: 't1', requestId: 'r1' },
      file,
      fileName: 'hello.txt',
    });
    expect([...form.keys()]).toEqual(['operations', 'map', '0']);
    expect(JSON.parse(String(form.get('operations')))).toEqual({
      query: 'mutation U($file: File!) { x }',
      variables: { taskId: 't1', requestId: 'r1', file: null },
    });
    expect(JSON.parse(String(form.get('map')))).toEqual({ 0: ['variables.file'] });
    const part = form.get('0') as File;
    expect(part.name).toBe('hello.txt');
    expect(await part.text()).toBe('hello');
  });
});
