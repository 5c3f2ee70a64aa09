// `kiosk-diag <device> <command> [options]` — routes to the device's own command line module.
const usage = `usage: kiosk-diag idcard status|read|watch --port PATH [--baud N] [--json] [--reveal]
       kiosk-diag printer status|test|print-file FILE --port PATH [--baud N] [--json]`;

export async function main(argv: string[]): Promise<number> {
  const [device, ...rest] = argv;
  switch (device) {
    case 'idcard': {
      const { runIdcardCli } = await import('../hardware/idcard/cli.ts');
      return runIdcardCli(rest);
    }
    case 'printer': {
      const { runPrinterCli } = await import('../hardware/printer/cli.ts');
      return runPrinterCli(rest);
    }
    default:
      process.stderr.write(`${usage}\n`);
      return 2;
  }
}
