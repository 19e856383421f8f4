import { twMerge } from 'tailwind-merge';

/**
 * Joins class names, the later winning where two Tailwind utilities set the same property
 * (`cn(controlClassName, 'w-auto text-xs')` really is auto width and small text: without the
 * merge, which one applies depends on the order of the generated stylesheet, not of the list).
 */
export function cn(...classNames: (string | false | null | undefined)[]): string {
  return twMerge(classNames.filter(Boolean).join(' '));
}
