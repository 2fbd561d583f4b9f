import { readChannelRegistration } from '../../src/conversation/channel-registration';

describe('readChannelRegistration', () => {
  it.each([
    ['register this channel for basis notifications', { register: true, audience: 'basis' }],
    ['Register this chat for SAP Basis notices.', { register: true, audience: 'basis' }],
    ['register this channel for soc alerts', { register: true, audience: 'soc' }],
    ['register this channel for SOC lead notifications', { register: true, audience: 'leads' }],
    ['unregister this channel from basis notifications', { register: false, audience: 'basis' }],
    ['unregister this conversation for soc alerts!', { register: false, audience: 'soc' }],
  ])('reads %j', (text, expected) => {
    expect(readChannelRegistration(text)).toEqual(expected);
  });

  it.each([
    'register alert 4711 for basis',
    'please register this channel for basis notifications and block PC-0815',
    'register this channel for marketing',
    'inform basis',
  ])('leaves %j to the intent model', (text) => {
    expect(readChannelRegistration(text)).toBeUndefined();
  });
});
