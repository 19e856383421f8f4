'use client';
import { BoardView } from '../../../../../features/board/board-view.tsx';

export default function BoardPage() {
  return <BoardView />;
}
