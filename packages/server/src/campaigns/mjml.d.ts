// mjml 5 ships no types (and @types/mjml describes 4's synchronous API): the part we call.
declare module 'mjml' {
  interface MjmlError {
    line: number;
    message: string;
    tagName: string;
    formattedMessage: string;
  }
  export default function mjml2html(source: string, options?: { validationLevel?: 'strict' | 'soft' | 'skip'; minify?: boolean }): Promise<{ html: string; errors: MjmlError[] }>;
}
