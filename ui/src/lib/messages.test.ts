import { describe, expect, it } from 'vitest';
import { messageIds, say } from './messages';
import { BackendError } from './backend';

describe('messages from the back end', () => {
  it('words plurals in both languages: Russian has three forms', () => {
    const m = (count: number) => ({ id: 'i18n-sample-tickets', args: { count } });
    expect(say(m(1), 'en')).toBe('1 ticket');
    expect(say(m(5), 'en')).toBe('5 tickets');
    expect(say(m(1), 'ru')).toBe('1 заявка');
    expect(say(m(3), 'ru')).toBe('3 заявки');
    expect(say(m(5), 'ru')).toBe('5 заявок');
    expect(say(m(21), 'ru')).toBe('21 заявка');
  });

  it('words a message inside a message in the same language', () => {
    const msg = { id: 'i18n-sample-nested', args: { what: { id: 'i18n-sample-tickets', args: { count: 2 } } } };
    expect(say(msg, 'ru')).toBe('Осталось: 2 заявки');
  });

  it('shows an unknown id with its arguments rather than nothing', () => {
    expect(say({ id: 'no-such-message', args: { n: 3 } }, 'ru')).toBe('no-such-message n=3');
  });

  it('has the same ids in English and Russian (the Rust test checks the arguments)', () => {
    const en = messageIds('en').sort();
    expect(en.length).toBeGreaterThan(5);
    expect(messageIds('ru').sort()).toEqual(en);
  });

  it('words a refusal in the desk language when it came as a message id', () => {
    const raw = {
      code: 'invalid_input',
      message: 'subject: is required',
      msg: { id: 'field-error', args: { field: 'subject', problem: { id: 'field-required', args: {} } } },
      field: 'subject',
    };
    expect(BackendError.from(raw).message).toBe('subject: is required');
  });
});
