/**
 * The parts of the Frictionless JS library (`datapackage`, test-only) that the consumer tests
 * use; the package ships no types.
 */
declare module 'datapackage' {
  export interface Resource {
    readonly name: string;
    readonly tabular: boolean;
    readonly descriptor: Record<string, unknown>;
    read(options?: { keyed?: boolean; cast?: boolean; relations?: boolean }): Promise<Array<Record<string, unknown>>>;
    rawRead(): Promise<Buffer>;
  }
  export interface Package {
    readonly valid: boolean;
    readonly errors: Error[];
    readonly profile: { readonly name: string };
    readonly resources: Resource[];
  }
  const datapackage: {
    Package: { load(descriptor: string | object, options?: { basePath?: string; strict?: boolean }): Promise<Package> };
  };
  export default datapackage;
}
