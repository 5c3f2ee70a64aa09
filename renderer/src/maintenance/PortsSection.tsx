import { useState } from 'react';
import type { DeviceId } from '../../../common/health.ts';
import type { MaintActionResult, MaintDeviceView, PortOption } from '../../../common/maintenance.ts';
import { useI18n } from '../i18n/index.tsx';
import { useKiosk } from '../kiosk-context.tsx';
import { ResultLine } from './ResultLine.tsx';
import type { SectionProps } from './section.ts';

type PortLocatorForm = MaintDeviceView['configuredLocator'];
const hexId = /^[0-9a-fA-F]{4}$/;

/** A device is found by a fixed path, or by its USB adapter's ids: the ids survive the adapter
 *  coming back as another /dev/ttyUSBn after a replug, a path does not. */
export function PortsSection({ overview, token, call, onDone }: SectionProps) {
  const { api } = useKiosk();
  const { t, tk } = useI18n();
  const [ports, setPorts] = useState<PortOption[] | null>(null);
  const viewOf = (id: DeviceId) => overview.devices.find((candidate) => candidate.health.id === id);
  const [device, setDevice] = useState<DeviceId>('printer');
  const [by, setBy] = useState<'path' | 'usb'>(() =>
    viewOf('printer')?.configuredLocator.usb ? 'usb' : 'path',
  );
  const [path, setPath] = useState(() => pathOf(viewOf('printer')));
  const [usb, setUsb] = useState(() => usbOf(viewOf('printer')?.configuredLocator));
  const [baudRate, setBaudRate] = useState(() => viewOf('printer')?.baudRate ?? 115200);
  const [result, setResult] = useState<MaintActionResult | null>(null);

  /** Choosing a device shows how it is found now and at what speed, to be changed from there. */
  const choose = (id: DeviceId) => {
    setDevice(id);
    const current = viewOf(id);
    if (current) {
      setBy(current.configuredLocator.usb && !current.configuredLocator.path ? 'usb' : 'path');
      setPath(pathOf(current));
      setUsb(usbOf(current.configuredLocator));
      setBaudRate(current.baudRate);
    }
  };
  const takePort = (port: PortOption, asUsb: boolean) => {
    if (asUsb && port.vendorId && port.productId) {
      setBy('usb');
      setUsb({ vendorId: port.vendorId, productId: port.productId, serialNumber: port.serialNumber ?? '' });
    } else {
      setBy('path');
      setPath(port.byId ?? port.path);
    }
  };

  const usbValid = hexId.test(usb.vendorId) && hexId.test(usb.productId);
  const ready = by === 'path' ? path.trim() !== '' : usbValid;
  const list = async () => setPorts(await call(() => api.invoke('maint:listPorts', { token })));
  const save = async () => {
    const serialNumber = usb.serialNumber.trim();
    const port =
      by === 'path'
        ? { path: path.trim() }
        : {
            usb: {
              vendorId: usb.vendorId.toLowerCase(),
              productId: usb.productId.toLowerCase(),
              ...(serialNumber ? { serialNumber } : {}),
            },
          };
    const value = await call(() =>
      api.invoke('maint:configurePort', {
        token,
        device,
        port,
        baudRate: baudRate as 9600 | 19200 | 38400 | 57600 | 115200,
      }),
    );
    setResult(value);
    await onDone();
  };

  return (
    <section className="maint-section maint-ports">
      <h2>{t('maint.ports.title')}</h2>
      <button type="button" data-testid="maint-ports-list" onClick={() => void list()}>
        {t('maint.ports.list')}
      </button>
      {ports && (
        <table data-testid="maint-ports">
          <caption>{t('maint.ports.detected')}</caption>
          <tbody>
            {ports.map((port) => (
              <tr key={port.path}>
                <td>
                  <button
                    type="button"
                    className="maint-link"
                    translate="no"
                    onClick={() => takePort(port, false)}
                  >
                    {port.path}
                  </button>
                </td>
                <td>
                  {port.vendorId && port.productId && (
                    <button
                      type="button"
                      className="maint-link"
                      data-testid="maint-port-use-usb"
                      title={t('maint.ports.useUsb')}
                      onClick={() => takePort(port, true)}
                    >
                      USB {port.vendorId}:{port.productId}
                    </button>
                  )}
                </td>
                <td>{port.serialNumber ?? ''}</td>
                <td>{port.manufacturer ?? (port.emulated ? t('maint.ports.emulated') : '')}</td>
                <td>
                  {port.usedBy ? t('maint.ports.usedBy', { device: tk(`health.device.${port.usedBy}`) }) : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="maint-port-form">
        <label>
          {t('maint.ports.device')}
          <select
            data-testid="maint-port-device"
            value={device}
            onChange={(event) => choose(event.target.value as DeviceId)}
          >
            {overview.devices.map((candidate) => (
              <option key={candidate.health.id} value={candidate.health.id}>
                {tk(`health.device.${candidate.health.id}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('maint.ports.by')}
          <select
            data-testid="maint-port-by"
            value={by}
            onChange={(event) => setBy(event.target.value as 'path' | 'usb')}
          >
            <option value="path">{t('maint.ports.byPath')}</option>
            <option value="usb">{t('maint.ports.byUsb')}</option>
          </select>
        </label>
        {by === 'path' ? (
          <label>
            {t('maint.ports.path')}
            <input
              data-testid="maint-port-path"
              value={path}
              onChange={(event) => setPath(event.target.value)}
            />
          </label>
        ) : (
          <>
            <HexIdInput
              label={t('maint.ports.vendorId')}
              testId="maint-port-usb-vendor"
              value={usb.vendorId}
              example="1a86"
              onChange={(vendorId) => setUsb({ ...usb, vendorId })}
            />
            <HexIdInput
              label={t('maint.ports.productId')}
              testId="maint-port-usb-product"
              value={usb.productId}
              example="7523"
              onChange={(productId) => setUsb({ ...usb, productId })}
            />
            <label>
              {t('maint.ports.serialNumber')}
              <input
                data-testid="maint-port-usb-serial"
                value={usb.serialNumber}
                maxLength={64}
                onChange={(event) => setUsb({ ...usb, serialNumber: event.target.value })}
              />
            </label>
          </>
        )}
        <label>
          {t('maint.device.baud')}
          <select
            data-testid="maint-port-baud"
            value={baudRate}
            onChange={(event) => setBaudRate(Number(event.target.value))}
          >
            {[9600, 19200, 38400, 57600, 115200].map((rate) => (
              <option key={rate} value={rate}>
                {rate}
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-testid="maint-port-save" disabled={!ready} onClick={() => void save()}>
          {t('maint.ports.save')}
        </button>
      </div>
      {by === 'usb' && !usbValid && (usb.vendorId !== '' || usb.productId !== '') && (
        <p className="maint-hint" data-testid="maint-port-usb-hint">
          {t('maint.ports.usbHint')}
        </p>
      )}
      <ResultLine result={result} testId="maint-port-result" />
    </section>
  );
}

/** A USB vendor or product id: four hex digits, marked invalid as soon as it cannot be one. */
export function HexIdInput(props: {
  label: string;
  testId: string;
  value: string;
  example: string;
  onChange: (value: string) => void;
}) {
  return (
    <label>
      {props.label}
      <input
        data-testid={props.testId}
        value={props.value}
        maxLength={4}
        placeholder={props.example}
        aria-invalid={props.value !== '' && !hexId.test(props.value)}
        onChange={(event) => props.onChange(event.target.value.trim())}
      />
    </label>
  );
}

export function pathOf(view: MaintDeviceView | undefined): string {
  if (!view) return '';
  return view.configuredLocator.path ?? view.openPath ?? '';
}

export function usbOf(locator: PortLocatorForm | undefined): {
  vendorId: string;
  productId: string;
  serialNumber: string;
} {
  const usb = locator?.usb;
  return {
    vendorId: usb?.vendorId ?? '',
    productId: usb?.productId ?? '',
    serialNumber: usb?.serialNumber ?? '',
  };
}
