import { describe, expect, it } from 'vitest';
import { chooseClickWindow } from './click-window';

const O = 'https://pantau.example';

describe('chooseClickWindow', () => {
  it('focuses a window already at the target', () => {
    expect(chooseClickWindow([`${O}/wall/kiosk`, `${O}/alerts?id=a1`], `${O}/alerts?id=a1`)).toEqual({ focus: 1 });
  });

  it('never moves the wall, kiosk or console: opens a new window when no responder app is open', () => {
    expect(chooseClickWindow([`${O}/`, `${O}/wall/kiosk?kiosk=t`, `${O}/alerts`, `${O}/apps-not`], `${O}/app?alert=a1`)).toBe('open');
  });

  it('moves the responder app window of the same origin', () => {
    expect(chooseClickWindow([`${O}/wall/kiosk`, `${O}/app`], `${O}/app?alert=a1`)).toEqual({ navigate: 1 });
    expect(chooseClickWindow([`${O}/app/settings`], `${O}/ack/xyz`)).toEqual({ navigate: 0 });
    expect(chooseClickWindow(['https://other.example/app'], `${O}/app`)).toBe('open');
  });
});
