'use client';
import { ListView } from '../../../../../features/board/list-view.tsx';

export default function ListPage() {
  return <ListView />;
}
