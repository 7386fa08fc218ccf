// Long, realistic Korean articles for the quality-gate tests: the originality check compares texts of 300
// letters and more, as real posts are.
import type { Article } from '../../src/article.ts';

const CAFE = [
  '주말 아침 일찍 성수동에 도착해서 골목을 천천히 걸었습니다. 공장 건물을 고친 카페들이 줄지어 있어서 어디로 들어갈지 한참 고민했어요.',
  '첫 번째로 들른 곳은 창이 넓은 이층 카페였습니다. 햇살이 테이블까지 들어와서 사진이 정말 잘 나오고, 라떼는 고소하면서도 산미가 적당했어요.',
  '두 번째 가게는 직접 구운 빵으로 유명한 베이커리 카페입니다. 크루아상은 겉이 바삭하고 속이 촉촉했는데, 오후 두 시쯤이면 거의 다 팔린다고 해요.',
  '세 번째로는 조용한 골목 안쪽의 작은 로스터리에 갔습니다. 원두를 고르면 핸드드립으로 내려 주시는데, 사장님이 맛의 차이를 친절하게 설명해 주셨어요.',
  '주차는 근처 공영주차장을 이용하는 편이 편했고, 지하철역에서 걸어서 십 분 정도면 모든 가게를 둘러볼 수 있었습니다.',
  '다음에는 평일 오전에 다시 와서 사람이 적을 때 천천히 머물러 보려고 합니다. 여러분이 좋아하는 카페도 댓글로 알려 주세요.',
];

const HIKE = [
  '가을 단풍이 절정이라는 소식을 듣고 북한산 둘레길을 걸었습니다. 이른 아침의 공기가 차가웠지만 걷다 보니 금세 몸이 따뜻해졌어요.',
  '출발은 우이동 입구에서 했고, 완만한 흙길이 이어져서 초보자도 부담 없이 걸을 수 있었습니다. 중간중간 쉼터와 화장실이 잘 갖춰져 있었어요.',
  '가장 기억에 남는 구간은 계곡을 따라 이어지는 나무 데크 길이었습니다. 붉은 잎과 노란 잎이 물 위에 떠 있어서 한참을 서서 구경했어요.',
  '준비물로는 얇은 겉옷과 물 한 병, 간단한 간식이면 충분했습니다. 다만 해가 짧아졌으니 오후 늦게 출발하는 것은 피하는 게 좋겠어요.',
  '내려와서는 입구 근처 식당에서 따뜻한 칼국수를 먹었는데, 걷고 난 뒤라 그런지 국물이 유난히 시원하게 느껴졌습니다.',
  '다음 주말에는 다른 코스도 걸어 볼 생각입니다. 추천하고 싶은 둘레길 코스가 있다면 댓글로 남겨 주세요.',
];

function build(title: string, paragraphs: string[], tags: string[]): Article {
  return {
    title,
    blocks: [
      { type: 'paragraph', text: paragraphs[0]! },
      { type: 'heading', text: '직접 가 본 곳' },
      { type: 'paragraph', text: paragraphs[1]! },
      { type: 'paragraph', text: paragraphs[2]! },
      { type: 'heading', text: '알아 두면 좋은 점' },
      { type: 'paragraph', text: paragraphs[3]! },
      { type: 'paragraph', text: paragraphs[4]! },
      { type: 'heading', text: '마무리' },
      { type: 'paragraph', text: paragraphs[5]! },
    ],
    tags,
  };
}

export const cafeArticle = (): Article => build('성수동 카페 세 곳, 주말에 다녀온 솔직 후기', CAFE, ['성수동카페', '카페투어']);
export const hikeArticle = (): Article => build('북한산 둘레길 단풍 산책 코스 후기', HIKE, ['북한산', '둘레길']);

/** The cafe post lightly reworded: a new title, one sentence changed, the rest as it was. */
export const cafeNearCopy = (): Article => {
  const a = build('성수동 카페 투어, 주말 세 곳 솔직 후기', CAFE, ['성수동카페', '카페투어']);
  a.blocks[0] = { type: 'paragraph', text: '토요일 아침 일찍 성수동에 도착해서 골목을 천천히 걸었습니다. 공장 건물을 고친 카페들이 줄지어 있어서 어디로 들어갈지 한참 고민했어요.' };
  return a;
};

/** A post that repeats its keyword in nearly every sentence. */
export const stuffedArticle = (keyword: string): Article => {
  const lines = HIKE.map((p) => `${keyword} ${p} ${keyword} 정말 좋아요. ${keyword} 추천합니다.`);
  return build(`${keyword} 추천 ${keyword} 후기`, lines, ['산책']);
};
