import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Workspace packages ship TypeScript source, which Next compiles like the app's own.
  transpilePackages: ['@raftboard/uuidv7'],
};

export default config;
